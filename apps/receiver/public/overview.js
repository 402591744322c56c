// Overview charts (Chart.js, served locally) and a self-refreshing view of /admin/stats.json.
(function () {
  'use strict';
  var dataElement = document.getElementById('stats-data');
  if (!dataElement || typeof Chart === 'undefined') return;
  var refreshMs = Number(dataElement.getAttribute('data-refresh-ms')) || 5000;
  // the page's numbers come from here (one account's, when the overview is narrowed to one)
  var statsUrl = dataElement.getAttribute('data-url') || '/admin/stats.json';
  var stats = JSON.parse(dataElement.textContent);
  var COLORS = {
    received: '#2f5bea', success: '#18a058', retry: '#f0a500', failed: '#d92d20', ignored: '#98a2b3',
    deferred: '#7a5af8', lost: '#912018', released: '#53b1fd',
    pending: '#f0a500', processing: '#2f5bea'
  };
  var OUTCOMES = ['success', 'retry', 'deferred', 'failed', 'lost', 'ignored', 'released'];
  var STATUSES = ['pending', 'processing', 'success', 'failed', 'ignored'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#6b7385';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function minuteLabel(iso) { return iso.slice(11, 16); }
  function formatAge(seconds) {
    if (seconds === null || seconds === undefined) return '\u2014';
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }
  function setText(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }

  var perMinute = new Chart(document.getElementById('chart-per-minute'), {
    type: 'bar',
    data: {
      labels: stats.per_minute.map(function (m) { return minuteLabel(m.minute); }),
      datasets: [{
        type: 'line', label: 'received', data: stats.per_minute.map(function (m) { return m.received; }),
        borderColor: COLORS.received, backgroundColor: COLORS.received, borderWidth: 2, pointRadius: 0, cubicInterpolationMode: 'monotone', order: 0
      }].concat(OUTCOMES.map(function (o) {
        return { label: o, data: stats.per_minute.map(function (m) { return m[o]; }), backgroundColor: COLORS[o], stack: 'attempts', order: 1 };
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
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'per minute' } }
      }
    }
  });

  var byStatus = new Chart(document.getElementById('chart-status'), {
    type: 'bar',
    data: {
      labels: STATUSES,
      datasets: [{ label: 'events', data: STATUSES.map(function (s) { return stats.by_status[s]; }), backgroundColor: STATUSES.map(function (s) { return COLORS[s]; }), borderRadius: 6 }]
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
        { label: 'backlog (pending + processing)', data: stats.per_minute.map(function (m) { return m.backlog; }), borderColor: COLORS.pending, backgroundColor: 'rgba(240,165,0,.15)', fill: true, pointRadius: 0, stepped: 'after', yAxisID: 'y' },
        { label: 'oldest waiting (seconds)', data: stats.per_minute.map(function (m) { return m.oldest_backlog_age_seconds || 0; }), borderColor: COLORS.failed, borderDash: [5, 4], pointRadius: 0, borderWidth: 2, yAxisID: 'age' }
      ]
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'events' } },
        age: { position: 'right', beginAtZero: true, grid: { display: false }, title: { display: true, text: 'seconds' } },
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
    setText('updated-at', s.generated_at.slice(0, 19).replace('T', ' ') + ' UTC');
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
