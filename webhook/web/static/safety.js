/*
 * The safety page: fills in the helpline number from the services directory
 * (served by /config.js), so no number is written into the page by hand.
 */
(function () {
  'use strict';

  var config = window.SAFE_STEPS_CONFIG || {};
  var phone = typeof config.helplinePhone === 'string' ? config.helplinePhone : '';
  if (!phone) {
    return;
  }
  var slots = document.querySelectorAll('[data-helpline-phone]');
  Array.prototype.forEach.call(slots, function (slot) {
    var link = document.createElement('a');
    link.href = 'tel:' + phone.replace(/\s+/g, '');
    link.textContent = phone;
    slot.textContent = '';
    slot.appendChild(link);
  });
})();
