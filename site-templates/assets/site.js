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

  /* The filtered grade list as CSV and Excel, made here from grades/YEAR/download.js: each row's CSV record
     exactly as the open data writes it, and its cells for the workbook, whose other parts are the open data's. */
  function loadScript(src, done) {
    if (window.GONGSHI_DOWNLOAD) { done(); return; }
    var script = document.createElement('script');
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }
  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) { c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; }
      table.push(c >>> 0);
    }
    return table;
  }());
  function crc32(bytes) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i += 1) { c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8); }
    return (c ^ 0xFFFFFFFF) >>> 0;
  }
  /* A zip of stored (uncompressed) entries, dated `date` (no clock): what an xlsx needs. */
  function zip(files, date) {
    var encoder = new TextEncoder(), chunks = [], central = [], offset = 0;
    var d = date.split('-').map(Number);
    var dosDate = ((d[0] - 1980) << 9) | (d[1] << 5) | d[2];
    function header(signature, size) { var b = new DataView(new ArrayBuffer(size)); b.setUint32(0, signature, true); return b; }
    files.forEach(function (f) {
      var name = encoder.encode(f[0]), data = encoder.encode(f[1]), crc = crc32(data);
      var local = header(0x04034b50, 30);
      local.setUint16(4, 20, true); local.setUint16(6, 0x0800, true); local.setUint16(8, 0, true);
      local.setUint16(10, 0, true); local.setUint16(12, dosDate, true); local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true); local.setUint32(22, data.length, true); local.setUint16(26, name.length, true);
      var entry = header(0x02014b50, 46);
      entry.setUint16(4, 20, true); entry.setUint16(6, 20, true); entry.setUint16(8, 0x0800, true); entry.setUint16(10, 0, true);
      entry.setUint16(12, 0, true); entry.setUint16(14, dosDate, true); entry.setUint32(16, crc, true);
      entry.setUint32(20, data.length, true); entry.setUint32(24, data.length, true); entry.setUint16(28, name.length, true);
      entry.setUint32(42, offset, true);
      chunks.push(local.buffer, name, data);
      central.push(entry.buffer, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (n, c) { return n + c.byteLength; }, 0);
    var end = header(0x06054b50, 22);
    end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, size, true); end.setUint32(16, offset, true);
    return new Blob(chunks.concat(central, [end.buffer]), { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  }
  /* Text as XML 1.0 may hold it: escaped, and without what it cannot hold at all (controls but tab and line
     breaks, U+FFFE, U+FFFF, a surrogate without its pair), which a filter typed or pasted may carry. */
  function xmlText(s) {
    return String(s).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
  }
  function columnLetters(n) { var s = ''; while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); } return s; }
  /* One data row as the open data workbook writes it: text inline (never a formula), numbers and dates typed. */
  function sheetRow(cells, r) {
    var out = '<row r="' + r + '">';
    cells.forEach(function (v, i) {
      if (v === null) { return; }
      var ref = columnLetters(i + 1) + r;
      if (typeof v === 'string') { out += '<c r="' + ref + '" t="inlineStr" s="1"><is><t xml:space="preserve">' + xmlText(v) + '</t></is></c>'; }
      else if (typeof v === 'boolean') { out += '<c r="' + ref + '" t="b"><v>' + (v ? 1 : 0) + '</v></c>'; }
      else if (typeof v === 'object') { out += '<c r="' + ref + '" s="2"><v>' + v.d + '</v></c>'; }
      else { out += '<c r="' + ref + '"><v>' + v + '</v></c>'; }
    });
    return out + '</row>';
  }
  function filteredFile(data, codes, format, filter) {
    var rows = data.rows.filter(function (row) { return codes[row[0]]; });
    if (format === 'csv') {
      return new Blob([[data.csvHeader].concat(rows.map(function (row) { return row[1]; })).join('\r\n') + '\r\n'], { type: 'text/csv' });
    }
    var sheet = data.sheetHead + rows.map(function (row, i) { return sheetRow(row[2], i + 2); }).join('') +
      '</sheetData><autoFilter ref="A1:' + data.lastColumn + (rows.length + 1) + '"/></worksheet>\n';
    // Put in by splitting, not String.replace: a filter holding $` $' $& must stay text, not a replacement pattern.
    var parts = data.parts.map(function (part) {
      return [part[0], part[1].split('@@rows@@').join(String(rows.length)).split('@@filter@@').join(xmlText(filter))];
    });
    parts.splice(parts.length - 1, 0, ['xl/worksheets/sheet1.xml', sheet]);
    return zip(parts, data.date);
  }
  function initDownload(form, rows, values) {
    var box = form.querySelector('.filter-download');
    if (!box || !window.Blob || !window.TextEncoder) { return; }
    box.addEventListener('click', function (event) {
      var format = event.target.getAttribute && event.target.getAttribute('data-format');
      if (!format) { return; }
      loadScript(box.getAttribute('data-script'), function () {
        var codes = {};
        rows.forEach(function (row) { if (!row.hidden) { codes[row.querySelector('td.code').textContent] = true; } });
        var v = values(), labels = { grade: '等级', district: '所在区县', category: '服务类别', q: '名称或代码' };
        var filter = Object.keys(labels).filter(function (k) { return v[k].trim(); }).map(function (k) { return labels[k] + '：' + v[k].trim(); }).join('；') || '无（全部）';
        var link = document.createElement('a');
        link.href = URL.createObjectURL(filteredFile(window.GONGSHI_DOWNLOAD, codes, format, filter));
        link.download = box.getAttribute('data-file') + '.' + format;
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });
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
      var terms = queryTerms(v.q);
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!v.grade || d.grade === v.grade) &&
          (!v.district || d.district === v.district) &&
          (!v.category || (' ' + d.categories + ' ').indexOf(' ' + v.category + ' ') >= 0) &&
          (!terms.length || rowMatches(terms, normal(d.search)));
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      status.textContent = '显示 ' + shown + ' / ' + rows.length + ' 家';
      if (updateURL) { setQuery(new URLSearchParams(location.search), names, v); }
    }
    form.hidden = false;
    initDownload(form, rows, values);
    form.addEventListener('input', function () { apply(true); });
    form.addEventListener('change', function () { apply(true); });
    form.addEventListener('submit', function (event) { event.preventDefault(); apply(true); });
    form.addEventListener('reset', function () { window.setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  /* Matching, shared by the search page and the filters. A query is terms separated by spaces (full-width
     ones too); every term must match. A term matches a text when it is in it, or when its characters appear
     in it in order ("衡准科技" in 宁波衡准环境科技有限公司). */
  function normal(s) { return String(s || '').normalize('NFKC').toLowerCase(); }
  function queryTerms(q) { return normal(q).split(/\s+/).filter(function (t) { return t; }); }
  /* Positions of t's characters in s, in order, taken as early as possible; null when they are not all there. */
  function inOrder(s, t) {
    var at = [], j = 0;
    for (var i = 0; i < s.length && j < t.length; i += 1) { if (s.charAt(i) === t.charAt(j)) { at.push(i); j += 1; } }
    return j === t.length ? at : null;
  }
  function span(start, length) { var at = []; for (var i = 0; i < length; i += 1) { at.push(start + i); } return at; }
  function spread(t) { return t.split('').join('…'); }
  /* How one term matches a name (and former names, the district, a code): the best way, scored so that an exact
     code comes first, then a name that is the term, starts with it, holds it, then former names, the district,
     part of a code, and last characters in order (the closer together, the better). */
  function nameMatch(t, name, formers) {
    var i = name.indexOf(t);
    if (name === t) { return { score: 900, why: '名称一致', marks: span(0, t.length) }; }
    if (i === 0) { return { score: 800, why: '名称以“' + t + '”开头', marks: span(0, t.length) }; }
    if (i > 0) { return { score: 700, why: '名称含“' + t + '”', marks: span(i, t.length) }; }
    for (var f = 0; f < formers.length; f += 1) {
      if (formers[f].normal.indexOf(t) >= 0) { return { score: 500, why: '曾用名“' + formers[f].text + '”含“' + t + '”' }; }
    }
    return null;
  }
  function looseMatch(t, name, formers) {
    if (t.length < 2) { return null; }
    var at = inOrder(name, t);
    if (at) { return { score: 300 - (at[at.length - 1] - at[0] - t.length + 1), why: '名称中依次含有“' + spread(t) + '”', marks: at }; }
    for (var f = 0; f < formers.length; f += 1) {
      at = inOrder(formers[f].normal, t);
      if (at) { return { score: 200 - (at[at.length - 1] - at[0] - t.length + 1), why: '曾用名“' + formers[f].text + '”中依次含有“' + spread(t) + '”' }; }
    }
    return null;
  }
  function agencyTermMatch(t, a) {
    if (a.code === t) { return { score: 1000, why: '统一社会信用代码一致' }; }
    if (t.length >= 2 && a.code.indexOf(t) === 0) { return { score: 600, why: '代码以“' + t.toUpperCase() + '”开头' }; }
    var m = nameMatch(t, a.name, a.formers);
    if (m) { return m; }
    if (a.district && a.district.indexOf(t) >= 0) { return { score: 400, why: '所在区县为' + a.districtText }; }
    if (t.length >= 4 && a.code.indexOf(t) > 0) { return { score: 350, why: '代码含“' + t.toUpperCase() + '”' }; }
    return looseMatch(t, a.name, a.formers);
  }
  function entryTermMatch(t, e) {
    var m = nameMatch(t, e.name, []);
    if (m) { return m; }
    if (e.detail.indexOf(t) >= 0) { return { score: 400, why: '说明含“' + t + '”' }; }
    return looseMatch(t, e.name, []);
  }
  /* All terms must match; the score is their sum, the reasons and the marked characters are theirs together. */
  function matchAll(terms, item, termMatch) {
    var score = 0, why = [], marks = {};
    for (var i = 0; i < terms.length; i += 1) {
      var m = termMatch(terms[i], item);
      if (!m) { return null; }
      score += m.score;
      if (why.indexOf(m.why) < 0) { why.push(m.why); }
      (m.marks || []).forEach(function (p) { marks[p] = true; });
    }
    return { item: item, score: score, why: why, marks: marks };
  }
  /* The filters' rows: every term in the row's text (name, code, former names, district) or in order in one of its parts. */
  function rowMatches(terms, text) {
    var parts = text.split(' ');
    return terms.every(function (t) {
      return text.indexOf(t) >= 0 || (t.length >= 2 && parts.some(function (p) { return inOrder(p, t) !== null; }));
    });
  }

  /* The search page: agencies (by code, name, former names, district), years, notices and pages, ranked. */
  function searchItems(index) {
    var districts = index.districts || [];
    var items = (index.agencies || []).map(function (a) {
      return {
        agency: true, text: a[1], code: normal(a[0]), codeText: a[0], name: normal(a[1]),
        district: normal(districts[a[2]]), districtText: districts[a[2]] || '', grade: a[3],
        formers: a.slice(4).map(function (f) { return { text: f, normal: normal(f) }; }),
        href: 'agencies/' + a[0] + '/index.html'
      };
    });
    (index.entries || []).forEach(function (e) {
      items.push({ agency: false, text: e[0], name: normal(e[0]), href: e[1], kind: e[2], detail: normal(e[3]), detailText: e[3] });
    });
    return items;
  }
  function gradeText(letter) { return letter === 'E' ? 'E级（严重失信）' : letter + '级'; }
  function markedName(text, marks) {
    var out = document.createDocumentFragment(), run = '', inMark = false;
    function flush() {
      if (!run) { return; }
      if (inMark) { var m = document.createElement('mark'); m.textContent = run; out.appendChild(m); } else { out.appendChild(document.createTextNode(run)); }
      run = '';
    }
    for (var i = 0; i < text.length; i += 1) {
      if (!!marks[i] !== inMark) { flush(); inMark = !!marks[i]; }
      run += text.charAt(i);
    }
    flush();
    return out;
  }
  function resultItem(hit, root) {
    var e = hit.item;
    var item = document.createElement('li');
    var kind = document.createElement('span');
    kind.className = 'tag';
    kind.textContent = e.agency ? '机构' : e.kind;
    var link = document.createElement('a');
    link.href = root + e.href;
    /* NFKC keeps these names' length, so positions in the normal form are positions in the text. */
    link.appendChild(e.text.length === e.name.length ? markedName(e.text, hit.marks) : document.createTextNode(e.text));
    item.appendChild(kind);
    item.appendChild(document.createTextNode(' '));
    item.appendChild(link);
    var detailText = e.agency ? [e.codeText, e.districtText, e.grade ? '现行等级 ' + gradeText(e.grade) : ''].filter(function (x) { return x; }).join(' · ') : e.detailText;
    if (detailText) {
      var detail = document.createElement('span');
      detail.className = 'search-detail';
      detail.textContent = ' ' + detailText;
      item.appendChild(detail);
    }
    var why = document.createElement('span');
    why.className = 'search-why';
    why.textContent = '匹配：' + hit.why.join('；');
    item.appendChild(why);
    return item;
  }
  function initSearch(form) {
    var input = form.elements.q;
    var status = document.querySelector('.search-status');
    var list = document.querySelector('.search-results');
    var index = window.GONGSHI_SEARCH || {};
    var items = null;
    var root = '../';
    var marked = false;
    function run(updateURL) {
      var terms = queryTerms(input.value);
      list.textContent = '';
      if (!items) { items = searchItems(index); }
      if (!terms.length) { status.textContent = '共 ' + items.length + ' 条可搜索内容，请输入关键词。'; }
      else {
        var hits = [];
        for (var i = 0; i < items.length; i += 1) {
          var hit = matchAll(terms, items[i], items[i].agency ? agencyTermMatch : entryTermMatch);
          if (hit) { hit.order = i; hits.push(hit); }
        }
        hits.sort(function (x, y) { return y.score - x.score || x.order - y.order; });
        hits.slice(0, 100).forEach(function (hit) { list.appendChild(resultItem(hit, root)); });
        status.textContent = hits.length === 0 ? '没有找到“' + input.value.trim() + '”。可以少输入几个字，或用空格分开名称中的几部分。' :
          '找到 ' + hits.length + ' 条' + (hits.length > 100 ? '，显示前 100 条' : '') + '，最接近的在前。';
        if (!marked && window.performance && performance.mark) { performance.mark('gongshi:search-results'); marked = true; }
      }
      if (updateURL) { setQuery(new URLSearchParams(location.search), ['q'], { q: input.value }); }
    }
    input.value = new URLSearchParams(location.search).get('q') || '';
    input.addEventListener('input', function () { run(true); });
    form.addEventListener('submit', function (event) { event.preventDefault(); run(true); });
    run(false);
  }

  /* Each page says until when it is true (its footer, and <meta name="gongshi:valid-until">): a reader who
     sees it later — a saved copy, a cache, a site not rebuilt — is told so at its top. Today is the date in
     China, as the build's dates are. */
  function warnIfStale() {
    var until = document.querySelector('meta[name="gongshi:valid-until"]');
    var asOf = document.querySelector('meta[name="gongshi:as-of"]');
    var main = document.getElementById('main');
    if (!until || !asOf || !main) { return; }
    var today;
    try {
      today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    } catch (e) { return; }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || today <= until.content) { return; }
    var banner = document.createElement('p');
    banner.className = 'notice notice-pending stale-banner';
    banner.setAttribute('role', 'status');
    banner.textContent = '本页数据截至' + asOf.content + '，可能已过期：本页内容有效至' + until.content +
      '，此后可能已有变化。请刷新页面，或到网站首页查看最新信息。';
    main.insertBefore(banner, main.firstChild);
  }

  /* 适老化: larger text and high contrast, each a button that says whether it is on; the choice is kept for the
     next page. Without this script the page is as it is (and the system's own high-contrast wish still applies). */
  function initReading() {
    var tools = document.querySelector('.reading-tools');
    if (!tools) { return; }
    var root = document.documentElement;
    var chosen = {};
    try { chosen = JSON.parse(window.localStorage.getItem('gongshi-reading') || '{}') || {}; } catch (e) { chosen = {}; }
    Array.prototype.forEach.call(tools.querySelectorAll('button[data-reading]'), function (button) {
      var name = button.getAttribute('data-reading');
      function show() {
        root.classList.toggle(name, chosen[name] === true);
        button.setAttribute('aria-pressed', chosen[name] === true ? 'true' : 'false');
      }
      show();
      button.addEventListener('click', function () {
        chosen[name] = chosen[name] !== true;
        try { window.localStorage.setItem('gongshi-reading', JSON.stringify(chosen)); } catch (e) { /* kept for this page only */ }
        show();
      });
    });
    tools.hidden = false;
  }

  document.addEventListener('DOMContentLoaded', function () {
    initReading();
    warnIfStale();
    Array.prototype.forEach.call(document.querySelectorAll('form.filters'), initFilters);
    var search = document.querySelector('form.search-form');
    if (search) { initSearch(search); }
  });
}());
