/*
 * Puts the Safe Steps chat on a partner's page, in a frame, with quick exit for the
 * whole tab.
 *
 *   <script src="https://CHAT-GATEWAY/static/embed.js" async
 *           data-title="Chat for help and information" data-height="640"></script>
 *
 * The frame appears where the script tag is. The gateway must allow the host page
 * in FRAME_ANCESTORS (for example "'self' https://partner.example"), or the browser
 * refuses to show it. Nothing here sets cookies, stores anything, or loads anything
 * but the chat itself.
 *
 * Quick exit: a framed page cannot always take the whole tab away, so when the chat's
 * exit button (or its Shift x3) is used, the chat tells this script, which hides the
 * host page at once and replaces its location with the neutral page. Shift pressed
 * three times on the host page itself does the same. Browser history is not erased.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var origin = new URL(script.src, window.location.href).origin;
  var exitUrl = 'https://www.bbc.co.uk/weather'; // until the chat says otherwise
  var leaving = false;
  var frame = document.createElement('iframe');

  function httpUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function leave(url) {
    if (leaving) {
      return;
    }
    leaving = true;
    if (document.body) {
      document.body.hidden = true;
      document.body.style.display = 'none'; // CSSOM: allowed under a strict CSP
    }
    window.location.replace(url || exitUrl);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data || {};
    var url = httpUrl(data.url);
    if (data.type === 'safe-steps:ready' && url) {
      exitUrl = url;
    } else if (data.type === 'safe-steps:exit') {
      leave(url);
    }
  });

  // Shift pressed three times on the host page, each within 5 s (as GOV.UK).
  var presses = 0;
  var timer = null;
  var lastKeyWasModified = false;
  document.addEventListener(
    'keyup',
    function (event) {
      if ((event.key === 'Shift' || event.keyCode === 16) && !lastKeyWasModified) {
        presses += 1;
        window.clearTimeout(timer);
        if (presses >= 3) {
          leave(exitUrl);
        } else {
          timer = window.setTimeout(function () {
            presses = 0;
          }, 5000);
        }
      } else if (presses) {
        presses = 0;
        window.clearTimeout(timer);
      }
      lastKeyWasModified = event.shiftKey;
    },
    true
  );

  var height = parseInt(script.getAttribute('data-height'), 10);
  frame.src = origin + '/';
  frame.title = script.getAttribute('data-title') || 'Chat for help and information';
  frame.referrerPolicy = 'no-referrer';
  frame.className = 'safe-steps-chat';
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.maxWidth = '48rem';
  frame.style.height = (height > 0 ? height : 640) + 'px';
  frame.style.border = '1px solid #8a94a3';
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
