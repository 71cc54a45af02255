/*
 * The chat page: talks to POST /api/chat and renders replies as text.
 *
 * Nothing is kept on the device: the conversation id lives in this script's memory
 * only (a new one per tab and per load), and the transcript only in the page. No
 * storage API is touched, no cookie is set, nothing is fetched from another host.
 * When the page goes away (quick exit, closing the tab, reload) the server-side
 * conversation is wiped with a beacon to /api/exit: it can never be resumed anyway.
 */
(function () {
  'use strict';

  var REQUEST_TIMEOUT_MS = 15000;
  var COUNT_FROM = 100; // show "N characters left" when this close to the limit
  // Only if /config.js failed to load; the real text (with the helpline number from
  // the services directory) comes from the gateway.
  var LAST_RESORT_TEXT =
    "Sorry, I can't reply properly right now. In danger now? Call 999. " +
    "Can't speak? Call 999 from a mobile, then press 55 when asked.";

  var config = window.SAFE_STEPS_CONFIG || {};
  var maxChars = config.maxMessageChars > 0 ? Math.floor(config.maxMessageChars) : 1000;
  var safetyText = typeof config.safetyText === 'string' && config.safetyText
    ? config.safetyText
    : LAST_RESORT_TEXT;

  var conversationId = newConversationId();
  var started = false; // a message has been sent: there is something to wipe
  var wiped = false;
  var busy = false;

  var scroller = document.getElementById('chat');
  var transcript = document.getElementById('transcript');
  var typing = document.getElementById('typing');
  var form = document.getElementById('composer');
  var input = document.getElementById('message');
  var sendButton = document.getElementById('send');
  var counter = document.getElementById('char-count');
  var errorBox = document.getElementById('composer-error');
  var languageChoice = document.getElementById('language-choice');
  // The language the person chose; sent with every message, it wins over detection.
  var chosenLanguage = null;

  /** 192 random bits as URL-safe base64 (32 characters), from the system's CSPRNG. */
  function newConversationId() {
    var bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** Length in characters as the server counts them (code points, not UTF-16 units). */
  function charCount(text) {
    return Array.from(text).length;
  }

  function tooLongText() {
    return 'That message is too long. Please keep it under ' + maxChars + ' characters.';
  }

  // --- rendering (text only: never innerHTML) ----------------------------------

  // Web addresses and UK phone numbers become links; everything else stays text.
  var LINKABLE = new RegExp(
    '(https?://[^\\s<>"]+)' + // 1: a web address
      '|(\\b0\\d{2,4}(?: \\d{2,4}){1,3}\\b|\\b116 ?\\d{3}\\b|\\b999\\b|\\b101\\b)', // 2: a phone number
    'g'
  );

  function appendLinkified(parent, text) {
    var last = 0;
    var match;
    LINKABLE.lastIndex = 0;
    while ((match = LINKABLE.exec(text)) !== null) {
      var found = match[0];
      var link = null;
      if (match[1]) {
        // Sentence punctuation after an address is not part of it.
        found = found.replace(/[.,;:!?)\]'"]+$/, '');
        link = webLink(found);
      } else {
        link = document.createElement('a');
        link.href = 'tel:' + found.replace(/\s+/g, '');
        link.textContent = found;
      }
      if (!link) {
        continue;
      }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(link);
      last = match.index + found.length;
      LINKABLE.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function webLink(address) {
    var url;
    try {
      url = new URL(address);
    } catch (error) {
      return null;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return null;
    }
    var link = document.createElement('a');
    link.href = url.href;
    link.textContent = address;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    var hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.textContent = ' (opens in a new tab)';
    link.appendChild(hint);
    return link;
  }

  /**
   * The lang and dir of a reply in a language code ("ur" -> lang ur, dir rtl), from the
   * page's language list; an unknown code gets no lang, and the browser finds the
   * direction (dir auto). Screen readers pick their voice by lang.
   */
  function languageMark(code) {
    var choices = Array.isArray(config.languages) ? config.languages : [];
    for (var i = 0; i < choices.length; i += 1) {
      if (choices[i] && choices[i].code === code) {
        return { lang: code, dir: choices[i].direction === 'rtl' ? 'rtl' : 'ltr' };
      }
    }
    return code === 'en' ? { lang: 'en', dir: 'ltr' } : { lang: '', dir: 'auto' };
  }

  /**
   * Adds one message to the transcript; `who` is "bot", "user" or "notice". `lang` is the
   * reply's language code from /api/chat (notices are English).
   */
  function addMessage(who, text, buttons, lang) {
    // What people type keeps no lang: the browser finds its direction.
    var mark = { lang: '', dir: 'auto' };
    if (who !== 'user') {
      mark = languageMark(who === 'notice' ? 'en' : lang);
    }
    var item = document.createElement('div');
    item.className = 'msg msg--' + who;

    var speaker = document.createElement('span');
    speaker.className = 'visually-hidden';
    speaker.textContent = who === 'user' ? 'You said: ' : 'Safe Steps said: ';
    item.appendChild(speaker);

    if (text) {
      var body = document.createElement('p');
      body.className = 'msg__text';
      body.dir = mark.dir; // Arabic and Urdu replies render right to left
      if (mark.lang) {
        body.lang = mark.lang;
      }
      if (who === 'user') {
        body.textContent = text;
      } else {
        appendLinkified(body, text);
      }
      item.appendChild(body);
    }

    if (buttons && buttons.length) {
      var group = document.createElement('div');
      group.className = 'choices';
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Reply options');
      if (mark.lang) {
        group.lang = mark.lang;
      }
      buttons.forEach(function (choice) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'choice';
        button.dir = 'auto';
        button.textContent = choice.title;
        button.addEventListener('click', function () {
          send(choice.payload, choice.title);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }

    transcript.appendChild(item);
    return item;
  }

  function showInView(element) {
    if (element && element.scrollIntoView) {
      element.scrollIntoView({ block: 'start', behavior: motionOk() ? 'smooth' : 'auto' });
    }
  }

  function motionOk() {
    return !(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function validButtons(buttons) {
    if (!Array.isArray(buttons)) {
      return [];
    }
    return buttons.filter(function (button) {
      return (
        button && typeof button.title === 'string' && button.title &&
        typeof button.payload === 'string' && button.payload
      );
    });
  }

  // --- composer state ---------------------------------------------------------

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    transcript.setAttribute('aria-busy', value ? 'true' : 'false');
    // aria-disabled, not disabled: the button keeps focus and stays discoverable.
    sendButton.setAttribute('aria-disabled', value ? 'true' : 'false');
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function updateCounter() {
    var left = maxChars - charCount(input.value);
    if (left <= COUNT_FROM) {
      counter.textContent =
        left >= 0
          ? left + (left === 1 ? ' character left' : ' characters left')
          : -left + ' characters too many';
      counter.hidden = false;
    } else {
      counter.hidden = true;
      counter.textContent = '';
    }
  }

  // --- talking to the gateway -------------------------------------------------

  /** Sends `message`; `shown` (a button title) is what the transcript shows instead. */
  function send(message, shown) {
    if (busy || wiped) {
      return;
    }
    var text = (message || '').trim();
    if (!text) {
      showError('Please type a message.');
      return;
    }
    if (charCount(text) > maxChars) {
      showError(tooLongText());
      return;
    }
    showError('');
    var typed = shown === undefined;
    if (typed) {
      input.value = '';
      updateCounter();
    }
    var bubble = addMessage('user', shown || text);
    showInView(bubble);
    started = true;
    setBusy(true);

    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = window.setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, REQUEST_TIMEOUT_MS);

    fetch('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        conversation_id: conversationId,
        message: text,
        language: chosenLanguage || undefined,
      }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (response.status === 413) {
          return response
            .json()
            .catch(function () {
              return {};
            })
            .then(function (data) {
              // Not sent: take the bubble back and give the text back to shorten it.
              transcript.removeChild(bubble);
              if (typed && !input.value) {
                input.value = text;
                updateCounter();
              }
              showError(typeof data.detail === 'string' ? data.detail : tooLongText());
              input.focus();
            });
        }
        // 429: this connection sent too much; the body is the safety reply (999 and the
        // helpline), shown like any fallback.
        if (!response.ok && response.status !== 429) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json().then(render);
      })
      .catch(function () {
        if (!wiped) {
          addMessage('notice', safetyText + '\n\nIf you can, check your connection and try again.');
        }
      })
      .then(function () {
        window.clearTimeout(timer);
        setBusy(false);
        showInView(bubble.parentNode ? bubble : transcript.lastElementChild);
      });
  }

  function render(data) {
    if (wiped) {
      return;
    }
    var messages = data && Array.isArray(data.messages) ? data.messages : [];
    var shown = 0;
    messages.forEach(function (message) {
      var text = message && typeof message.text === 'string' ? message.text : '';
      var buttons = validButtons(message && message.buttons);
      if (text || buttons.length) {
        addMessage(data.fallback ? 'notice' : 'bot', text, buttons, message.lang);
        shown += 1;
      }
    });
    if (!shown) {
      throw new Error('no messages');
    }
  }

  /** Asks the gateway to delete the server-side conversation (once). */
  function wipe() {
    if (!started || wiped) {
      return;
    }
    wiped = true;
    var body = JSON.stringify({ conversation_id: conversationId });
    var queued = false;
    try {
      queued = navigator.sendBeacon && navigator.sendBeacon('/api/exit', body);
    } catch (error) {
      queued = false;
    }
    if (!queued) {
      fetch('/api/exit', {
        method: 'POST',
        body: body,
        keepalive: true,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      }).catch(function () {});
    }
  }

  function forgetTranscript() {
    while (transcript.firstChild) {
      transcript.removeChild(transcript.firstChild);
    }
    input.value = '';
  }

  // --- wiring -----------------------------------------------------------------

  input.setAttribute('maxlength', String(maxChars));
  input.disabled = false;
  sendButton.disabled = false;

  // --- choosing a language ---------------------------------------------------------

  /** Fills the language list from /config.js; choosing one greets in that language. */
  function setUpLanguageChoice() {
    var choices = Array.isArray(config.languages) ? config.languages : [];
    if (!languageChoice || choices.length < 2) {
      if (languageChoice) {
        languageChoice.parentNode.hidden = true;
      }
      return;
    }
    choices.forEach(function (choice) {
      var option = document.createElement('option');
      option.value = choice.code;
      option.lang = choice.code;
      option.dir = choice.direction === 'rtl' ? 'rtl' : 'ltr';
      option.textContent =
        choice.native_name === choice.name ? choice.name : choice.native_name + ' (' + choice.name + ')';
      languageChoice.appendChild(option);
    });
    languageChoice.addEventListener('change', function () {
      chosenLanguage = languageChoice.value;
      var option = languageChoice.options[languageChoice.selectedIndex];
      send('/greet', option ? option.textContent : languageChoice.value);
    });
  }

  setUpLanguageChoice();

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(input.value);
  });

  input.addEventListener('keydown', function (event) {
    // Enter sends, Shift+Enter makes a new line; never while an IME is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(input.value);
    }
  });

  input.addEventListener('input', function () {
    updateCounter();
    if (!errorBox.hidden && charCount(input.value) <= maxChars) {
      showError('');
    }
  });

  // When the conversation area shrinks (the message box grows, a phone keyboard
  // opens), keep the newest messages in view if they were in view.
  function isAtBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
  }
  var atBottom = isAtBottom();
  var lastHeight = scroller.clientHeight;
  scroller.addEventListener(
    'scroll',
    function () {
      atBottom = isAtBottom();
    },
    { passive: true }
  );
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(function () {
      var height = scroller.clientHeight;
      if (height !== lastHeight && atBottom && started) {
        scroller.scrollTop = scroller.scrollHeight;
      }
      lastHeight = height;
    }).observe(scroller);
  }

  if (window.SafeStepsExit) {
    window.SafeStepsExit.onExit(function () {
      wipe();
      forgetTranscript();
    });
  }
  window.addEventListener('pagehide', wipe);
  window.addEventListener('pageshow', function (event) {
    // Restored from the back/forward cache after a wipe: start afresh.
    if (event.persisted && wiped && !document.body.hidden) {
      conversationId = newConversationId();
      started = false;
      wiped = false;
      forgetTranscript();
    }
  });
})();
