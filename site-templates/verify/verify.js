/* gongshi: report-number verification (Art. 18). Works over plain http and from the file system:
   SHA-256 is computed here (crypto.subtle needs a secure context), and each shard is a script. The index
   is keyed by the hash of the number and the verification code printed on the report, so no one can list
   numbers from it by trying the numbering pattern. */
(function () {
  'use strict';

  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256Hex(text) {
    var bytes = Array.prototype.slice.call(new TextEncoder().encode(text));
    var bitLength = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) { bytes.push(0); }
    for (var s = 56; s >= 0; s -= 8) { bytes.push(s >= 32 ? Math.floor(bitLength / Math.pow(2, s)) & 0xff : (bitLength >>> s) & 0xff); }
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var offset = 0; offset < bytes.length; offset += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (bytes[offset + 4 * i] << 24) | (bytes[offset + 4 * i + 1] << 16) | (bytes[offset + 4 * i + 2] << 8) | bytes[offset + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h.map(function (v) { return ('00000000' + (v >>> 0).toString(16)).slice(-8); }).join('');
  }

  /* The same normalization as gongshi's, for the number and the code alike (the page says so): NFKC,
     white space and dashes removed, capitals. */
  function normalize(text) {
    return text.normalize('NFKC').replace(/[-\u2010-\u2015\u2212\uFE58\uFE63]/g, '').replace(/\s+/g, '').toUpperCase();
  }


  var form = document.querySelector('form.verify-form');
  if (!form) { return; }
  var types = JSON.parse(form.getAttribute('data-types') || '[]');
  var prefixLength = parseInt(form.getAttribute('data-prefix-length'), 10) || 1;
  var domain = (form.getAttribute('data-domain') || '').replace(/\\n/g, '\n');
  var result = document.querySelector('.verify-result');
  /* Files that call back a global function with their key and data, each loaded once: the number shards
     (shards/PREFIX.js) and the issuing agencies' names, one small file per last character of their codes
     (agencies/X.js). `failed` is called when a file cannot be loaded. */
  function scriptLoader(folder, callbackName, failed) {
    var loaded = {};
    var waiting = {};
    window[callbackName] = function (key, data) {
      loaded[key] = data;
      (waiting[key] || []).forEach(function (callback) { callback(data); });
      delete waiting[key];
    };
    return function (key, callback) {
      if (loaded[key]) { callback(loaded[key]); return; }
      if (waiting[key]) { waiting[key].push(callback); return; }
      waiting[key] = [callback];
      var script = document.createElement('script');
      script.src = folder + '/' + key + '.js';
      script.onerror = function () { var callbacks = waiting[key]; delete waiting[key]; failed(callbacks); };
      document.head.appendChild(script);
    };
  }

  var loadShard = scriptLoader('shards', 'gongshiVerifyShard', function () { result.textContent = '索引加载失败，请稍后再试。'; });
  var loadNameTable = scriptLoader('agencies', 'gongshiVerifyAgencies', function (callbacks) {
    callbacks.forEach(function (callback) { callback({}); });
  });

  function loadNames(code, callback) {
    loadNameTable(code.slice(-1), function (table) { callback(table[code]); });
  }

  function show(number, entry, name) {
    result.textContent = '';
    var p = document.createElement('p');
    if (!entry) {
      p.className = 'verify-none';
      p.textContent = '未找到：编号“' + number + '”与所输验证码的组合未在监管系统中登记。请核对编号和验证码，或向出具机构、生态环境部门核实。';
      result.appendChild(p);
      return;
    }
    var date = entry[2].slice(0, 4) + '-' + entry[2].slice(4, 6) + '-' + entry[2].slice(6, 8);
    p.className = 'verify-found';
    p.appendChild(document.createTextNode('已登记：编号“' + number + '”为 ' + date + ' 出具的' + (types[entry[3]] || '报告') + '，出具机构 '));
    var link = document.createElement('a');
    link.href = '../agencies/' + entry[1] + '/index.html';
    link.textContent = name || entry[1];
    p.appendChild(link);
    p.appendChild(document.createTextNode('（统一社会信用代码 ' + entry[1] + '）'));
    p.appendChild(document.createTextNode(entry[4] ? '，该机构现行信用风险等级为 ' + entry[4] + ' 级。' : '，该机构暂无正式公布的信用风险等级。'));
    result.appendChild(p);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var number = normalize(form.elements.number.value);
    var code = normalize(form.elements.code.value);
    if (!number) { result.textContent = '请输入报告编号。'; return; }
    if (!code) { result.textContent = '请输入报告上印制的验证码。'; return; }
    var hash = sha256Hex(domain + number + '\n' + code);
    var prefix = hash.slice(0, prefixLength);
    var rest = hash.slice(prefixLength, prefixLength + 16);
    result.textContent = '正在核验…';
    loadShard(prefix, function (entries) {
      var found = null;
      for (var i = 0; i < entries.length; i++) { if (entries[i][0] === rest) { found = entries[i]; break; } }
      if (!found) { show(number, null); return; }
      loadNames(found[1], function (name) { show(number, found, name); });
    });
  });
}());
