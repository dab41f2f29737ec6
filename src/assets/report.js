(function () {
  'use strict';
  var LABELS = ['product_manager', 'technical_product_manager', 'technology_manager',
    'technical_program_manager', 'unclassified', 'error'];
  var ROLES = LABELS.slice(0, 4);
  var PAGE = 100;
  var data = JSON.parse(document.getElementById('rolecall-data').textContent);
  var tbody = document.querySelector('#postings tbody');
  var select = document.getElementById('label');
  var search = document.getElementById('q');
  var pageInfo = document.getElementById('page');
  var state = { label: 'all', query: '', sort: 'i', dir: 1, page: 0 };
  var open = {};
  // `#open=N` expands posting N (1-based) on its page, for links to a posting.
  function linkedPosting() {
    var h = /^#open=(\d+)$/.exec(location.hash);
    var n = h ? Number(h[1]) : 0;
    return n >= 1 && n <= data.length ? n : 0;
  }
  var linked = linkedPosting();
  if (linked) {
    open[linked - 1] = true;
    state.page = Math.floor((linked - 1) / PAGE);
  }
  var view = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function tidy(s) {
    return s.replace(/[ \t]{2,}/g, ' ').replace(/\n[ \t]*(\n[ \t]*)+/g, '\n\n');
  }

  function segments(parent, segs, html) {
    for (var i = 0; i < segs.length; i++) {
      var s = segs[i];
      if (typeof s === 'string') {
        parent.appendChild(document.createTextNode(html ? tidy(s) : s));
      } else {
        var m = el('mark', 't' + s[0], s[1]);
        m.title = s[2];
        parent.appendChild(m);
      }
    }
  }

  function compute() {
    var q = state.query.toLowerCase();
    view = [];
    for (var i = 0; i < data.length; i++) {
      var d = data[i];
      if (state.label !== 'all' && String(d.r) !== state.label) continue;
      if (q && d.p.toLowerCase().indexOf(q) < 0) continue;
      view.push(i);
    }
    var key = state.sort, dir = state.dir;
    if (key !== 'i' || dir !== 1) {
      view.sort(function (a, b) {
        var x = data[a], y = data[b], c = 0;
        if (key === 'p') c = x.p < y.p ? -1 : x.p > y.p ? 1 : 0;
        else if (key === 'r') c = x.r - y.r;
        else if (key === 'c') c = (x.c === undefined ? -1 : x.c) - (y.c === undefined ? -1 : y.c);
        return (c || a - b) * dir;
      });
    }
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
  }

  function detail(d) {
    var td = el('td', 'detail');
    td.colSpan = 6;
    if (d.e !== undefined) td.appendChild(el('div', 'err', 'error: ' + d.e));
    if (d.s) {
      var scores = el('div', 'scores');
      for (var r = 0; r < 4; r++) {
        var sp = el('span');
        sp.appendChild(el('mark', 't' + r, ROLES[r]));
        sp.appendChild(document.createTextNode(' '));
        sp.appendChild(el('b', null, d.s[r].toFixed(2)));
        scores.appendChild(sp);
      }
      var o = el('span');
      o.appendChild(el('mark', 't4', 'other jobs'));
      o.appendChild(document.createTextNode(' '));
      o.appendChild(el('b', null, (d.o || 0).toFixed(2)));
      scores.appendChild(o);
      td.appendChild(scores);
      var says = el('div', 'says');
      says.appendChild(document.createTextNode('title says '));
      says.appendChild(el('b', null, d.a !== undefined ? ROLES[d.a] : 'none'));
      says.appendChild(document.createTextNode(' · content says '));
      says.appendChild(el('b', null, d.b !== undefined ? ROLES[d.b] : 'none'));
      td.appendChild(says);
    }
    if (d.t) {
      var t = el('div', 'title');
      t.appendChild(document.createTextNode('Title: '));
      segments(t, d.t, false);
      td.appendChild(t);
    }
    if (d.x) {
      var pre = el('pre', 'text');
      segments(pre, d.x, d.h);
      if (d.k) pre.appendChild(el('div', 'note', '✂ cut: the posting has ' + d.k + ' bytes; the first 20 KB are shown.'));
      td.appendChild(pre);
    }
    if (d.n) td.appendChild(el('div', 'note', 'Text not stored: this report\u2019s text budget was spent on earlier postings (see the note at the top of the page).'));
    return td;
  }

  function row(i) {
    var d = data[i];
    var tr = el('tr', 'row' + (open[i] ? ' open' : ''));
    tr.tabIndex = 0;
    tr.dataset.i = i;
    tr.appendChild(el('td', 'num', String(i + 1)));
    tr.appendChild(el('td', 'path', d.p));
    var lab = el('td');
    lab.appendChild(el('span', 'badge b' + d.r, LABELS[d.r]));
    tr.appendChild(lab);
    var conf = el('td', 'num');
    if (d.c !== undefined) {
      var bar = el('span', 'conf');
      var fill = el('i');
      fill.style.width = Math.round(d.c * 100) + '%';
      bar.appendChild(fill);
      conf.appendChild(bar);
      conf.appendChild(document.createTextNode(d.c.toFixed(2)));
    } else {
      conf.textContent = '–';
    }
    tr.appendChild(conf);
    tr.appendChild(el('td', 'ev', d.u !== undefined ? ROLES[d.u] : ''));
    tr.appendChild(el('td', 'ev', d.e !== undefined ? d.e : (d.v || []).join(', ')));
    return tr;
  }

  function render() {
    var frag = document.createDocumentFragment();
    var start = state.page * PAGE;
    var end = Math.min(view.length, start + PAGE);
    for (var k = start; k < end; k++) {
      var i = view[k];
      frag.appendChild(row(i));
      if (open[i]) {
        var tr = el('tr', 'detail-row');
        tr.appendChild(detail(data[i]));
        frag.appendChild(tr);
      }
    }
    tbody.textContent = '';
    tbody.appendChild(frag);
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    pageInfo.textContent = (view.length ? (start + 1) + '–' + end : '0') + ' of ' + view.length +
      ' (page ' + (state.page + 1) + ' of ' + pages + ')';
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
    var ths = document.querySelectorAll('th[data-sort]');
    for (var t = 0; t < ths.length; t++) {
      var th = ths[t];
      th.className = th.dataset.sort === state.sort ? (state.dir > 0 ? 'asc' : 'desc') : '';
    }
  }

  function update() { compute(); render(); }

  tbody.addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.row');
    if (!tr) return;
    var i = Number(tr.dataset.i);
    if (open[i]) delete open[i]; else open[i] = true;
    render();
  });
  tbody.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' || ev.key === ' ') {
      var tr = ev.target.closest('tr.row');
      if (!tr) return;
      ev.preventDefault();
      tr.click();
    }
  });
  select.addEventListener('change', function () {
    state.label = select.value; state.page = 0; update();
  });
  var timer = null;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.query = search.value; state.page = 0; update(); }, 150);
  });
  document.getElementById('prev').addEventListener('click', function () {
    if (state.page > 0) { state.page--; render(); }
  });
  document.getElementById('next').addEventListener('click', function () {
    state.page++; compute(); render();
  });
  var ths = document.querySelectorAll('th[data-sort]');
  for (var t = 0; t < ths.length; t++) {
    ths[t].addEventListener('click', function () {
      var key = this.dataset.sort;
      if (state.sort === key) state.dir = -state.dir; else { state.sort = key; state.dir = key === 'c' ? -1 : 1; }
      update();
    });
  }
  var bars = document.querySelectorAll('g.bar[data-filter]');
  for (var b = 0; b < bars.length; b++) {
    var pick = function () {
      var v = this.getAttribute('data-filter');
      state.label = state.label === v ? 'all' : v;
      select.value = state.label; state.page = 0; update();
    };
    bars[b].addEventListener('click', pick);
    bars[b].addEventListener('keydown', function (ev) { if (ev.key === 'Enter') pick.call(this); });
  }
  // The role map: a tooltip for what is under the pointer, and a click on a
  // mark or cell (a link to `#open=N`) opens that posting in the table.
  var tip = null;
  function showTip(ev) {
    var a = ev.target.closest('[data-tip]');
    if (!a) { if (tip) tip.style.display = 'none'; return; }
    if (!tip) { tip = el('div', 'map-tip'); document.body.appendChild(tip); }
    tip.textContent = a.getAttribute('data-tip');
    var r = a.getBoundingClientRect();
    tip.style.display = 'block';
    tip.style.left = Math.round(r.right + 8) + 'px';
    tip.style.top = Math.round(r.top - 4) + 'px';
  }
  function openPosting(n) {
    if (!n) return;
    state.label = 'all'; select.value = 'all';
    state.query = ''; search.value = '';
    state.sort = 'i'; state.dir = 1;
    state.page = Math.floor((n - 1) / PAGE);
    open[n - 1] = true;
    update();
    var tr = tbody.querySelector('tr.row[data-i="' + (n - 1) + '"]');
    if (tr) { tr.scrollIntoView({ block: 'center' }); tr.focus(); }
  }
  var map = document.querySelector('svg.role-map');
  if (map) {
    map.addEventListener('mouseover', showTip);
    map.addEventListener('focusin', showTip);
    map.addEventListener('mouseleave', function () { if (tip) tip.style.display = 'none'; });
  }
  window.addEventListener('hashchange', function () { openPosting(linkedPosting()); });
  update();
})();
