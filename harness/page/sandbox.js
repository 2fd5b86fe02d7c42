// Runs inside the game's page before any of the game's code (injected at the top of its HTML).
// Plain JS on purpose: it is read as text and never transpiled. CONFIG is {seed, start, binding, key}.
(function (CONFIG) {
  'use strict';
  var report = window[CONFIG.binding];
  try { delete window[CONFIG.binding]; } catch (e) { /* binding stays reachable through our closure */ }

  // ---- Virtual clock -------------------------------------------------------------------------------------------
  // The game sees only virtual time: Date, performance.now, timers, requestAnimationFrame and idle callbacks all
  // follow `vnow`, which moves only when the harness calls advance(ms). Every due timer of a step runs inside one
  // call, with a real task between timers so promises settle as they would in a browser.
  var vnow = 0;
  var FRAME_MS = 1000 / 60;
  var RealDate = Date;
  var timers = new Map();
  var nextId = 1;
  var order = 0;
  var running = 0; // nesting level of the timer running now, 0 outside timers
  var rafCallbacks = new Map();
  var frameTimer = 0;
  var evalCode = eval;
  function now() { return vnow; }

  function addTimer(kind, fn, delay, args, repeat) {
    delay = Math.max(0, Number(delay) || 0);
    // Browsers clamp deeply nested timers to 4 ms; without it a setTimeout(f, 0) chain would never let time move.
    var level = running + 1;
    if (level > 5 && delay < 4) delay = 4;
    var id = nextId++;
    timers.set(id, { id: id, kind: kind, fn: fn, at: vnow + delay, args: args, repeat: repeat ? Math.max(delay, 1) : 0, order: order++, level: level });
    return id;
  }
  // JS heap growth is reported as it happens: when V8 hits its heap limit the renderer dies without a word.
  var heapReported = 0;
  function watchHeap() {
    var memory = performance.memory;
    if (!memory) return;
    var mb = Math.round(memory.usedJSHeapSize / 1048576);
    if (mb > heapReported + 32) { heapReported = mb; try { report({ t: vnow, kind: 'memory', text: String(mb) }); } catch (e) {} }
  }
  function call(fn, args) {
    watchHeap();
    try {
      if (typeof fn === 'function') fn.apply(window, args);
      else evalCode(String(fn));
    } catch (error) {
      if (typeof reportError === 'function') reportError(error); else throw error;
    }
  }
  window.setTimeout = function setTimeout(fn, delay) { return addTimer('timeout', fn, delay, Array.prototype.slice.call(arguments, 2), false); };
  window.setInterval = function setInterval(fn, delay) { return addTimer('interval', fn, delay, Array.prototype.slice.call(arguments, 2), true); };
  window.clearTimeout = window.clearInterval = function clearTimer(id) { timers.delete(id); };
  window.requestAnimationFrame = function requestAnimationFrame(fn) {
    var id = nextId++;
    rafCallbacks.set(id, fn);
    if (!frameTimer) {
      var next = (Math.floor(vnow / FRAME_MS + 1e-9) + 1) * FRAME_MS;
      frameTimer = addTimer('frame', runFrame, next - vnow, [], false);
    }
    return id;
  };
  window.cancelAnimationFrame = function cancelAnimationFrame(id) { rafCallbacks.delete(id); };
  function runFrame() {
    frameTimer = 0;
    syncCssAnimations();
    var due = Array.from(rafCallbacks);
    rafCallbacks.clear();
    for (var i = 0; i < due.length; i++) call(due[i][1], [vnow]);
  }
  window.requestIdleCallback = function requestIdleCallback(fn, options) {
    var deadline = { didTimeout: false, timeRemaining: function () { return 10; } };
    return addTimer('idle', fn, Math.min(50, (options && options.timeout) || 50), [deadline], false);
  };
  window.cancelIdleCallback = function cancelIdleCallback(id) { timers.delete(id); };
  performance.now = function now() { return vnow; };

  function FakeDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!(this instanceof FakeDate)) return new RealDate(CONFIG.start + vnow).toString();
    if (args.length === 0) return new RealDate(CONFIG.start + vnow);
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = function now() { return Math.floor(CONFIG.start + vnow); };
  FakeDate.parse = RealDate.parse;
  FakeDate.UTC = RealDate.UTC;
  window.Date = FakeDate;

  function firstDue(limit) {
    var best = null;
    timers.forEach(function (t) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.order < best.order))) best = t;
    });
    return best;
  }
  // Settles the promise chains a timer started (an async game loop awaiting its own sleep, say) before the next
  // timer runs. Microtask turns, not a real task: a real task lets Chromium render in between, ~3 ms per timer.
  async function settle() { for (var i = 0; i < 8; i++) await null; }

  /** Moves virtual time forward by ms, running every timer that falls due, in order. */
  // CSS animations and transitions follow virtual time too: each is paused and its time set from vnow.
  var cssStarts = new WeakMap();
  function syncCssAnimations() {
    if (!document.getAnimations) return;
    var list = document.getAnimations();
    for (var i = 0; i < list.length; i++) {
      var animation = list[i];
      if (!cssStarts.has(animation)) {
        cssStarts.set(animation, vnow - (animation.currentTime || 0));
        animation.pause();
      }
      try { animation.currentTime = vnow - cssStarts.get(animation); } catch (e) { /* detached */ }
    }
  }

  async function advance(ms) {
    var target = vnow + ms;
    for (;;) {
      var t = firstDue(target);
      if (!t) break;
      vnow = Math.max(vnow, t.at);
      if (t.repeat) { t.at += t.repeat; t.order = order++; } else timers.delete(t.id);
      running = t.kind === 'frame' ? 0 : t.level;
      call(t.fn, t.args);
      running = 0;
      await settle();
    }
    vnow = target;
    syncCssAnimations();
    return vnow;
  }
  function clip(text) { text = String(text); return text.length > 2000 ? text.slice(0, 2000) + '…' : text; }
  var sent = 0;
  function send(kind, text, level) {
    // A game that logs every frame must not flood the harness: the first 400 entries are kept, the rest counted.
    sent++;
    if (sent > 400) { if (sent === 401) { try { report({ t: now(), kind: 'note', text: 'more log entries dropped' }); } catch (e) {} } return; }
    try { report({ t: now(), kind: kind, text: clip(text), level: level }); } catch (e) { /* page is going away */ }
  }
  function describe(value) {
    if (value instanceof Error) return value.name + ': ' + value.message;
    try { return typeof value === 'string' ? value : JSON.stringify(value); } catch (e) { return String(value); }
  }

  // Seeded randomness: sfc32, seeded from CONFIG.seed.
  var a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = CONFIG.seed >>> 0;
  function next() {
    var t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  for (var i = 0; i < 20; i++) next();
  Math.random = function random() { return next() / 4294967296; };
  if (window.crypto) {
    var fill = function getRandomValues(array) {
      var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (var j = 0; j < bytes.length; j++) bytes[j] = next() & 255;
      return array;
    };
    try { Object.defineProperty(Crypto.prototype, 'getRandomValues', { value: fill, configurable: true, writable: true }); } catch (e) { crypto.getRandomValues = fill; }
    var uuid = function randomUUID() {
      var h = [];
      for (var k = 0; k < 16; k++) h.push(next() & 255);
      h[6] = (h[6] & 15) | 64; h[8] = (h[8] & 63) | 128;
      var s = h.map(function (x) { return (x + 256).toString(16).slice(1); }).join('');
      return s.slice(0, 8) + '-' + s.slice(8, 12) + '-' + s.slice(12, 16) + '-' + s.slice(16, 20) + '-' + s.slice(20);
    };
    try { Object.defineProperty(Crypto.prototype, 'randomUUID', { value: uuid, configurable: true, writable: true }); } catch (e) { /* keep native */ }
  }

  // A blinking caret is drawn in real time: hide it so frames stay reproducible.
  var caretStyle = document.createElement('style');
  caretStyle.textContent = '*{caret-color:transparent!important}';
  document.documentElement.appendChild(caretStyle);

  // Dialogs are answered at once and recorded, so a dialog storm cannot stall the session.
  window.alert = function alert(m) { send('dialog', 'alert: ' + describe(m)); };
  window.confirm = function confirm(m) { send('dialog', 'confirm: ' + describe(m) + ' -> OK'); return true; };
  window.prompt = function prompt(m, v) { send('dialog', 'prompt: ' + describe(m) + ' -> ' + describe(v == null ? '' : v)); return v == null ? '' : String(v); };
  window.print = function print() { send('dialog', 'print'); };
  window.open = function open(url) { send('popup', 'window.open(' + describe(url == null ? '' : String(url)) + ') blocked'); return null; };
  window.close = function close() { send('close', 'window.close() ignored'); };

  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      send('console', 'failed to load ' + (target.src || target.href), 'error');
      return;
    }
    var where = event.filename ? ' (' + String(event.filename).replace(/^https?:\/\/[^/]+\//, '') + ':' + event.lineno + ')' : '';
    send('error', (event.error ? describe(event.error) : event.message) + where);
  }, true);
  window.addEventListener('unhandledrejection', function (event) { send('rejection', describe(event.reason)); });

  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    console[level] = function () {
      send('console', Array.prototype.map.call(arguments, describe).join(' '), level);
    };
  });

  // Rendered frames: a frame counts when the game drew to a canvas or changed the DOM within a 1/60 s slot.
  var frames = { total: 0, perSecond: [] };
  var lastSlot = -1;
  var dirty = false;
  function clean() { dirty = false; }
  function drew() {
    if (dirty) return;
    dirty = true;
    Promise.resolve().then(clean);
    var t = now();
    var slot = Math.floor((t * 60) / 1000);
    if (slot === lastSlot) return;
    lastSlot = slot;
    frames.total++;
    var second = Math.max(0, Math.floor(t / 1000));
    frames.perSecond[second] = (frames.perSecond[second] || 0) + 1;
  }
  function watch(proto, names) {
    if (!proto) return;
    names.forEach(function (name) {
      var original = proto[name];
      if (typeof original !== 'function') return;
      proto[name] = function () { drew(); return original.apply(this, arguments); };
    });
  }
  watch(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype,
    ['fillRect', 'strokeRect', 'clearRect', 'fill', 'stroke', 'fillText', 'strokeText', 'drawImage', 'putImageData']);
  ['WebGLRenderingContext', 'WebGL2RenderingContext'].forEach(function (name) {
    watch(window[name] && window[name].prototype, ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'clear']);
  });
  new MutationObserver(drew).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Requests that never reach the route: Chromium is started with speculative loads and non-proxied WebRTC off,
  // so these send nothing, but the attempt is recorded as a refused request.
  function refused(what, url) { send('request', String(url).slice(0, 500), what); }
  function noteSpeculative(node) {
    if (!node || node.nodeType !== 1) return;
    if (node.tagName === 'SCRIPT' && String(node.type).toLowerCase() === 'speculationrules') {
      var urls = String(node.textContent).match(/"(?:[a-z]+:)?\/\/[^"]+"|"\/[^"]*"/gi) || ['(rules)'];
      urls.slice(0, 20).forEach(function (u) { refused('speculationrules', u.replace(/"/g, '')); });
    } else if (node.tagName === 'LINK' && /\b(prefetch|prerender|preconnect|dns-prefetch)\b/i.test(node.rel || '')) {
      refused('link ' + String(node.rel).toLowerCase(), node.href);
    }
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        noteSpeculative(added[j]);
        if (added[j].querySelectorAll) Array.prototype.forEach.call(added[j].querySelectorAll('script,link'), noteSpeculative);
      }
    }
  }).observe(document, { subtree: true, childList: true });
  if (window.RTCPeerConnection) {
    var RealPeerConnection = window.RTCPeerConnection;
    var PeerConnection = function RTCPeerConnection(config) {
      var servers = (config && config.iceServers) || [];
      for (var k = 0; k < servers.length && k < 20; k++) {
        [].concat(servers[k] && servers[k].urls || []).slice(0, 10).forEach(function (u) { refused('webrtc', u); });
      }
      if (!servers.length) refused('webrtc', 'peer connection without ICE servers');
      return Reflect.construct(RealPeerConnection, arguments, new.target || PeerConnection);
    };
    PeerConnection.prototype = RealPeerConnection.prototype;
    Object.setPrototypeOf(PeerConnection, RealPeerConnection);
    window.RTCPeerConnection = window.webkitRTCPeerConnection = PeerConnection;
  }

  Object.defineProperty(window, CONFIG.key, { value: { frames: frames, advance: advance }, enumerable: false });
})(__GAMEGYM_CONFIG__);
