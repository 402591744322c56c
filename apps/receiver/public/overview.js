// Overview charts (Chart.js, served locally) and a self-refreshing view of /admin/stats.json, in the page's language:
// the labels come from the page (#chart-texts), numbers and times are formatted in its locale (body[data-locale]).
(function () {
  'use strict';
  var dataElement = document.getElementById('stats-data');
  var textsElement = document.getElementById('chart-texts');
  if (!dataElement || !textsElement || typeof Chart === 'undefined') return;
  var texts = JSON.parse(textsElement.textContent);
  var locale = document.body.dataset.locale || texts.locale || undefined;
  var refreshMs = Number(dataElement.getAttribute('data-refresh-ms')) || 5000;
  // the page's numbers come from here (one account's, when the overview is narrowed to one)
  var statsUrl = dataElement.getAttribute('data-url') || '/admin/stats.json';
  var stats = JSON.parse(dataElement.textContent);
  var COLORS = {
    received: '#2f5bea', success: '#18a058', retry: '#f0a500', failed: '#d92d20', ignored: '#98a2b3',
    deferred: '#7a5af8', lost: '#912018', released: '#53b1fd',
    pending: '#f0a500', processing: '#2f5bea'
  };
  // attempts finished in each minute, by outcome (the bars); events received (the line): the legend names each unit
  var OUTCOMES = ['success', 'retry', 'deferred', 'failed', 'lost', 'ignored', 'released'];
  var STATUSES = ['pending', 'processing', 'success', 'failed', 'ignored'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#6b7385';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.locale = locale;

  // times in the configured zone (TZ), else the browser's
  var zone = texts.timeZone || undefined;
  function formatter(options) {
    try { return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: zone }, options)); } catch (e) { return new Intl.DateTimeFormat(undefined, options); }
  }
  var minuteFormat = formatter({ hour: '2-digit', minute: '2-digit', hour12: false });
  var timeFormat = formatter({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short' });
  var numberFormat = new Intl.NumberFormat(locale);

  function minuteLabel(iso) { return minuteFormat.format(new Date(iso)); }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? numberFormat.format(values[name]) : whole; }); }
  function formatAge(seconds) {
    if (seconds === null || seconds === undefined) return '\u2014';
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) return fill(texts.age.seconds, { s: s });
    if (s < 3600) return fill(texts.age.minutesSeconds, { m: Math.floor(s / 60), s: s % 60 });
    if (s < 86400) return fill(texts.age.hoursMinutes, { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
    return fill(texts.age.daysHours, { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
  }
  function fmt(n) { return numberFormat.format(Number(n)); }
  function setText(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }

  var perMinute = new Chart(document.getElementById('chart-per-minute'), {
    type: 'bar',
    data: {
      labels: stats.per_minute.map(function (m) { return minuteLabel(m.minute); }),
      datasets: [{
        type: 'line', label: texts.received, data: stats.per_minute.map(function (m) { return m.received; }),
        borderColor: COLORS.received, backgroundColor: COLORS.received, borderWidth: 2, pointRadius: 0, cubicInterpolationMode: 'monotone', order: 0
      }].concat(OUTCOMES.map(function (o) {
        return { label: texts.outcomes[o], data: stats.per_minute.map(function (m) { return m[o]; }), backgroundColor: COLORS[o], stack: 'attempts', order: 1 };
      }))
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: {
          position: 'bottom',
          labels: { boxWidth: 12, filter: function (item, data) { return data.datasets[item.datasetIndex].data.some(function (v) { return v > 0; }); } }
        }
      },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxTicksLimit: 12 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: texts.perMinuteAxis } }
      }
    }
  });

  var byStatus = new Chart(document.getElementById('chart-status'), {
    type: 'bar',
    data: {
      labels: STATUSES.map(function (s) { return texts.statuses[s]; }),
      datasets: [{ label: texts.events, data: STATUSES.map(function (s) { return stats.by_status[s]; }), backgroundColor: STATUSES.map(function (s) { return COLORS[s]; }), borderRadius: 6 }]
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } }
    }
  });

  var backlog = new Chart(document.getElementById('chart-backlog'), {
    type: 'line',
    data: {
      labels: stats.per_minute.map(function (m) { return minuteLabel(m.minute); }),
      datasets: [
        { label: texts.queue, data: stats.per_minute.map(function (m) { return m.backlog; }), borderColor: COLORS.pending, backgroundColor: 'rgba(240,165,0,.15)', fill: true, pointRadius: 0, stepped: 'after', yAxisID: 'y' },
        { label: texts.oldest, data: stats.per_minute.map(function (m) { return m.oldest_backlog_age_seconds || 0; }), borderColor: COLORS.failed, borderDash: [5, 4], pointRadius: 0, borderWidth: 2, yAxisID: 'age' }
      ]
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: texts.events } },
        age: { position: 'right', beginAtZero: true, grid: { display: false }, title: { display: true, text: texts.seconds } },
        x: { grid: { display: false }, ticks: { maxTicksLimit: 7 } }
      }
    }
  });

  function render(s) {
    perMinute.data.labels = s.per_minute.map(function (m) { return minuteLabel(m.minute); });
    perMinute.data.datasets[0].data = s.per_minute.map(function (m) { return m.received; });
    OUTCOMES.forEach(function (o, i) { perMinute.data.datasets[i + 1].data = s.per_minute.map(function (m) { return m[o]; }); });
    perMinute.update('none');
    byStatus.data.datasets[0].data = STATUSES.map(function (st) { return s.by_status[st]; });
    byStatus.update('none');
    backlog.data.labels = perMinute.data.labels;
    backlog.data.datasets[0].data = s.per_minute.map(function (m) { return m.backlog; });
    backlog.data.datasets[1].data = s.per_minute.map(function (m) { return m.oldest_backlog_age_seconds || 0; });
    backlog.update('none');
    setText('updated-at', timeFormat.format(new Date(s.generated_at)));
    setText('card-backlog', fmt(s.backlog));
    setText('card-oldest', formatAge(s.oldest_pending_age_seconds));
    setText('card-failed', fmt(s.by_status.failed));
    setText('card-hour', fmt(s.last_hour.received));
    setText('card-day', fmt(s.last_day.received));
    STATUSES.forEach(function (st) {
      var cell = document.querySelector('[data-count-status="' + st + '"]');
      if (cell) cell.textContent = fmt(s.by_status[st]);
    });
  }

  function refresh() {
    fetch(statsUrl, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 401) { window.location.href = '/admin/login?next=%2Fadmin'; return null; }
        return res.ok ? res.json() : null;
      })
      .then(function (s) { if (s) render(s); })
      .catch(function () { /* offline for a moment: keep the last numbers */ })
      .finally(function () { setTimeout(refresh, refreshMs); });
  }
  document.body.setAttribute('data-charts-ready', 'true');
  setTimeout(refresh, refreshMs);
})();
