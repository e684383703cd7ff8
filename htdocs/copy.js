// copy.js -- "Copy" buttons for read-only fields, and buttons that copy
// their data-copy-text (the policy list). Without JavaScript the buttons
// stay hidden: the field can be selected and copied by hand, and the list
// links to each policy's page.
(function () {
  'use strict';
  var copy = function (text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
      return;
    }
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    if (document.execCommand('copy')) done();
    document.body.removeChild(ta);
  };
  document.querySelectorAll('button[data-copy-text]').forEach(function (btn) {
    var label = btn.innerHTML;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      copy(btn.getAttribute('data-copy-text'), function () {
        btn.textContent = btn.getAttribute('data-done');
        setTimeout(function () { btn.innerHTML = label; }, 2000);
      });
    });
  });
  document.querySelectorAll('button[data-copy]').forEach(function (btn) {
    var field = document.getElementById(btn.getAttribute('data-copy'));
    var done = btn.parentNode.parentNode.querySelector('.copy-done');
    if (!field) return;
    btn.hidden = false;
    field.addEventListener('focus', function () { field.select(); });
    btn.addEventListener('click', function () {
      field.select();
      var ok = function () { if (done) done.hidden = false; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(ok, function () {
          document.execCommand('copy'); ok();
        });
      } else {
        document.execCommand('copy');
        ok();
      }
    });
  });
})();
