// copy.js -- "Copy" buttons for read-only fields. Without JavaScript the
// field can still be selected and copied by hand; the button stays hidden.
(function () {
  'use strict';
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
