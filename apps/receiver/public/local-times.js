// Rewrites the page's times (<time data-local datetime="…">, rendered in UTC by the server when no TZ is configured)
// into the browser's own time zone, in the page's locale and the same shape as the server's.
(function () {
  'use strict';
  var locale = document.body.getAttribute('data-locale') || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hour12: false, timeZoneName: 'short',
    });
  } catch (e) {
    return;
  }
  var times = document.querySelectorAll('time[data-local][datetime]');
  for (var i = 0; i < times.length; i += 1) {
    var when = new Date(times[i].getAttribute('datetime'));
    if (!isNaN(when.getTime())) {
      times[i].title = times[i].textContent;
      times[i].textContent = format.format(when);
    }
  }
})();
