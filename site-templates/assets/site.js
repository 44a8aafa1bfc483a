/* gongshi: filters and search. Everything works without this script: the full tables are in the page. */
(function () {
  'use strict';

  function setQuery(params, names, values) {
    names.forEach(function (name) {
      var v = (values[name] || '').trim();
      if (v) { params.set(name, v); } else { params.delete(name); }
    });
    var s = params.toString();
    history.replaceState(null, '', s ? '?' + s : location.pathname);
  }

  /* Grade lists and the directory: filter rows by grade, district, service category and name or code. */
  function initFilters(form) {
    var table = document.getElementById(form.getAttribute('data-table'));
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = form.querySelector('.filter-status');
    var names = ['grade', 'district', 'category', 'q'];
    var params = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var field = form.elements[name];
      if (field && params.has(name)) { field.value = params.get(name); }
    });
    function values() {
      var v = {};
      names.forEach(function (name) { v[name] = form.elements[name] ? form.elements[name].value : ''; });
      return v;
    }
    function apply(updateURL) {
      var v = values();
      var q = v.q.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!v.grade || d.grade === v.grade) &&
          (!v.district || d.district === v.district) &&
          (!v.category || (' ' + d.categories + ' ').indexOf(' ' + v.category + ' ') >= 0) &&
          (!q || (d.search || '').toLowerCase().indexOf(q) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      status.textContent = '显示 ' + shown + ' / ' + rows.length + ' 家';
      if (updateURL) { setQuery(new URLSearchParams(location.search), names, v); }
    }
    form.hidden = false;
    form.addEventListener('input', function () { apply(true); });
    form.addEventListener('change', function () { apply(true); });
    form.addEventListener('submit', function (event) { event.preventDefault(); apply(true); });
    form.addEventListener('reset', function () { window.setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  /* The search page: substring match over titles and details (codes, districts, dates). */
  function initSearch(form) {
    var input = form.elements.q;
    var status = document.querySelector('.search-status');
    var list = document.querySelector('.search-results');
    var index = window.GONGSHI_SEARCH || [];
    var root = '../';
    function run(updateURL) {
      var q = input.value.trim().toLowerCase();
      list.textContent = '';
      if (!q) { status.textContent = '共 ' + index.length + ' 条可搜索内容，请输入关键词。'; }
      else {
        var hits = index.filter(function (e) { return (e[0] + ' ' + e[3]).toLowerCase().indexOf(q) >= 0; });
        hits.slice(0, 100).forEach(function (e) {
          var item = document.createElement('li');
          var link = document.createElement('a');
          link.href = root + e[1];
          link.textContent = e[0];
          var kind = document.createElement('span');
          kind.className = 'tag';
          kind.textContent = e[2];
          item.appendChild(kind);
          item.appendChild(document.createTextNode(' '));
          item.appendChild(link);
          if (e[3]) {
            var detail = document.createElement('span');
            detail.className = 'search-detail';
            detail.textContent = ' ' + e[3];
            item.appendChild(detail);
          }
          list.appendChild(item);
        });
        status.textContent = hits.length === 0 ? '没有找到“' + input.value.trim() + '”。' :
          '找到 ' + hits.length + ' 条' + (hits.length > 100 ? '，显示前 100 条' : '') + '。';
      }
      if (updateURL) { setQuery(new URLSearchParams(location.search), ['q'], { q: input.value }); }
    }
    input.value = new URLSearchParams(location.search).get('q') || '';
    input.addEventListener('input', function () { run(true); });
    form.addEventListener('submit', function (event) { event.preventDefault(); run(true); });
    run(false);
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form.filters'), initFilters);
    var search = document.querySelector('form.search-form');
    if (search) { initSearch(search); }
  });
}());
