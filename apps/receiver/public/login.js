// The landing page of a one-time sign-in link (/admin/login?code=…): take the code out of the address bar and the
// history entry, then post it. The admin token itself never travels in a link.
(function () {
  'use strict';
  var form = document.getElementById('code-form');
  if (!form) return;
  history.replaceState(null, '', window.location.pathname);
  form.submit();
})();
