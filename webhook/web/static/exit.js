/*
 * Quick exit, after the GOV.UK "Exit this page" component.
 *
 * Ways out: the red "Exit this page" button, the hidden skip link that is the first
 * thing on the page, and the Shift key pressed three times (each press within 5 s of
 * the last, any other key starts the count again). On activation the page content is
 * hidden at once, listeners registered with SafeStepsExit.onExit run (the chat page
 * sends its wipe beacon there), and the location is *replaced* by a neutral page, so
 * Back does not come back here. Browser history is not erased: the page says so.
 *
 * Loaded on every page that has an exit button, after /config.js (window.SAFE_STEPS_CONFIG).
 */
(function () {
  'use strict';

  // Used only if /config.js could not be loaded: the gateway's own default.
  var DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';
  var PRESS_WINDOW_MS = 5000;

  var config = window.SAFE_STEPS_CONFIG || {};
  var exitUrl = httpUrl(config.exitUrl) || DEFAULT_EXIT_URL;
  var listeners = [];
  var exiting = false;

  var presses = 0;
  var pressTimer = null;
  var lastKeyWasModified = false;

  /** The URL if it is an absolute or relative http(s) URL, else null. */
  function httpUrl(value) {
    if (typeof value !== 'string' || !value) {
      return null;
    }
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function announce(text) {
    var status = document.getElementById('exit-status');
    if (status) {
      status.textContent = text;
    }
  }

  /** Hides everything, runs the exit listeners, and replaces this page. */
  function exitNow() {
    if (exiting) {
      return;
    }
    exiting = true;
    // Hide first: nothing of the chat should stay on screen while the next page loads.
    document.documentElement.classList.add('is-exiting');
    if (document.body) {
      document.body.hidden = true;
    }
    listeners.forEach(function (listener) {
      try {
        listener();
      } catch (error) {
        // Leaving matters more than anything a listener wanted to do.
      }
    });
    if (window.top !== window.self) {
      // Embedded: embed.js on the host page takes the whole window away; a framed page
      // may also navigate the top window itself when the browser lets it.
      try {
        window.parent.postMessage({ type: 'safe-steps:exit', url: exitUrl }, '*');
      } catch (error) {
        /* no parent listener */
      }
      try {
        window.top.location.replace(exitUrl);
      } catch (error) {
        /* cross-origin top navigation refused: the frame still leaves */
      }
    }
    window.location.replace(exitUrl);
  }

  function resetPresses(message) {
    presses = 0;
    if (pressTimer !== null) {
      window.clearTimeout(pressTimer);
      pressTimer = null;
    }
    if (message) {
      announce(message);
    }
  }

  // keyup, as GOV.UK: Shift used as a modifier (Shift+A) sends a keyup for A with
  // shiftKey true, then a keyup for Shift, which is then not counted.
  function onKeyUp(event) {
    var isShift = event.key === 'Shift' || event.keyCode === 16;
    if (isShift && !lastKeyWasModified) {
      presses += 1;
      if (pressTimer !== null) {
        window.clearTimeout(pressTimer);
      }
      if (presses >= 3) {
        resetPresses();
        exitNow();
        return;
      }
      announce(
        presses === 1 ? 'Shift, press 2 more times to exit.' : 'Shift, press 1 more time to exit.'
      );
      pressTimer = window.setTimeout(function () {
        resetPresses('Quick exit expired.');
      }, PRESS_WINDOW_MS);
    } else if (presses > 0) {
      resetPresses('');
    }
    lastKeyWasModified = event.shiftKey;
  }

  function wireExitLinks() {
    var links = document.querySelectorAll('[data-quick-exit]');
    Array.prototype.forEach.call(links, function (link) {
      link.setAttribute('href', exitUrl);
      link.addEventListener('click', function (event) {
        event.preventDefault();
        exitNow();
      });
      if (link.getAttribute('role') === 'button') {
        // A link styled as a button must also answer the Space key.
        link.addEventListener('keydown', function (event) {
          if (event.key === ' ' || event.key === 'Spacebar') {
            event.preventDefault();
            exitNow();
          }
        });
      }
    });
  }

  // Links between our own pages replace the current history entry, so the site
  // holds one entry in the tab's history at most: after quick exit, Back cannot
  // reach any page of it (only the page before it).
  function wireSameEntryLinks() {
    var links = document.querySelectorAll('a[data-replace]');
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener('click', function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return; // a new tab or window was asked for
        }
        event.preventDefault();
        window.location.replace(link.href);
      });
    });
  }

  function wire() {
    wireExitLinks();
    wireSameEntryLinks();
    if (window.top !== window.self) {
      // Embedded by embed.js: tell the host page where quick exit goes, so its own
      // Shift x3 and the frame's exit button lead to the same place.
      try {
        window.parent.postMessage({ type: 'safe-steps:ready', url: exitUrl }, '*');
      } catch (error) {
        /* no parent listener */
      }
    }
  }

  document.addEventListener('keyup', onKeyUp, true);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', wire);
  } else {
    wire();
  }

  window.SafeStepsExit = Object.freeze({
    /** Runs `listener` when the person leaves by quick exit (before navigation). */
    onExit: function (listener) {
      listeners.push(listener);
    },
    exitNow: exitNow,
    exitUrl: exitUrl,
  });
})();
