// A link printed by the receiver carries the admin token in the URL fragment (#token=…), which browsers never send
// to the server: fill the form from it, drop it from the address bar and history, and sign in.
(function () {
  'use strict';
  var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  var field = document.getElementById('token');
  var form = document.getElementById('login-form');
  if (!field || !form) return;
  field.value = decodeURIComponent(match[1]);
  form.submit();
})();
