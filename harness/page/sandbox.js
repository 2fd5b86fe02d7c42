// Runs in every frame of the game's page before any of the game's code (a context init script).
// Plain JS on purpose: it is read as text and never transpiled. CONFIG is {seed, start, binding, key, token}.
//
// Nothing here is trusted for a score: the page can reach whatever this script leaves in `window`. So the
// counters and the clock's controls live in this closure; the one object left in `window` answers only to the
// harness's token, which never enters the page (init scripts are not in the DOM, and no function's text holds it);
// and the builtins this script relies on are taken before the game can replace them.
(function (CONFIG) {
  'use strict';
  if (window[CONFIG.key]) return; // already set up in this window
  var report = window[CONFIG.binding];
  try {
    delete window[CONFIG.binding];
  } catch {
    /* binding stays reachable through our closure */
  }
  var floor = Math.floor,
    max = Math.max,
    min = Math.min;
  var apply = Reflect.apply,
    construct = Reflect.construct,
    defineProperty = Object.defineProperty;
  var realReportError = window.reportError;
  var realPerformanceNow = Performance.prototype.now;
  var isTop = window === window.top;

  // ---- Virtual clock -------------------------------------------------------------------------------------------
  // The game sees only virtual time: Date, performance.now, timers, requestAnimationFrame and idle callbacks all
  // follow `vnow`, which moves only when the harness calls advanceTo(t). Every due timer of a step runs inside one
  // call, with a real task between timers so promises settle as they would in a browser.
  // Every frame starts at 0; the harness moves a frame it has not seen before to the page's time without running
  // the frames in between (syncTo), so no frame can claim to have drawn at a time it did not exist. (Reading the
  // parent's clock here would let the page choose where a new frame starts.)
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
  function now() {
    return vnow;
  }

  function addTimer(kind, fn, delay, args, repeat) {
    delay = max(0, Number(delay) || 0);
    // Browsers clamp deeply nested timers to 4 ms; without it a setTimeout(f, 0) chain would never let time move.
    var level = running + 1;
    if (level > 5 && delay < 4) delay = 4;
    var id = nextId++;
    timers.set(id, {
      id: id,
      kind: kind,
      fn: fn,
      at: vnow + delay,
      args: args,
      repeat: repeat ? max(delay, 1) : 0,
      order: order++,
      level: level,
    });
    return id;
  }
  // JS heap growth is reported as it happens: when V8 hits its heap limit the renderer dies without a word.
  var heapReported = 0;
  function watchHeap() {
    var memory = performance.memory;
    if (!memory) return;
    var mb = floor(memory.usedJSHeapSize / 1048576);
    if (mb > heapReported + 32) {
      heapReported = mb;
      try {
        report({ t: vnow, kind: 'memory', text: String(mb) });
      } catch {}
    }
  }
  function call(fn, args) {
    watchHeap();
    try {
      if (typeof fn === 'function') apply(fn, window, args);
      else evalCode(String(fn));
    } catch (error) {
      // The builtin, not window.reportError: a game must not be able to make its own errors vanish.
      if (typeof realReportError === 'function') apply(realReportError, window, [error]);
      else throw error;
    }
  }
  window.setTimeout = function setTimeout(fn, delay) {
    return addTimer('timeout', fn, delay, Array.prototype.slice.call(arguments, 2), false);
  };
  window.setInterval = function setInterval(fn, delay) {
    return addTimer('interval', fn, delay, Array.prototype.slice.call(arguments, 2), true);
  };
  window.clearTimeout = window.clearInterval = function clearTimer(id) {
    timers.delete(id);
  };
  window.requestAnimationFrame = function requestAnimationFrame(fn) {
    var id = nextId++;
    rafCallbacks.set(id, fn);
    if (!frameTimer) {
      var next = (floor(vnow / FRAME_MS + 1e-9) + 1) * FRAME_MS;
      frameTimer = addTimer('frame', runFrame, next - vnow, [], false);
    }
    return id;
  };
  window.cancelAnimationFrame = function cancelAnimationFrame(id) {
    rafCallbacks.delete(id);
  };
  function runFrame() {
    frameTimer = 0;
    syncCssAnimations();
    var due = Array.from(rafCallbacks);
    rafCallbacks.clear();
    for (var i = 0; i < due.length; i++) call(due[i][1], [vnow]);
  }
  window.requestIdleCallback = function requestIdleCallback(fn, options) {
    var deadline = {
      didTimeout: false,
      timeRemaining: function () {
        return 10;
      },
    };
    return addTimer('idle', fn, min(50, (options && options.timeout) || 50), [deadline], false);
  };
  window.cancelIdleCallback = function cancelIdleCallback(id) {
    timers.delete(id);
  };
  // On the prototype, so Performance.prototype.now.call(performance) is virtual too.
  var virtualNow = function now() {
    return vnow;
  };
  try {
    defineProperty(Performance.prototype, 'now', { value: virtualNow, configurable: true, writable: true });
  } catch {
    /* keep the instance patch below */
  }
  performance.now = virtualNow;

  // ---- Every other window onto real time -----------------------------------------------------------------------
  // Event time stamps, the time origin, the document timeline and user timing follow the virtual clock too.
  function getter(proto, name, get) {
    try {
      defineProperty(proto, name, { get: get, configurable: true, enumerable: true });
    } catch {
      /* absent */
    }
  }
  getter(Performance.prototype, 'timeOrigin', function () {
    return CONFIG.start;
  });
  getter(Event.prototype, 'timeStamp', function () {
    return vnow;
  });
  if (window.AnimationTimeline)
    getter(AnimationTimeline.prototype, 'currentTime', function () {
      return vnow;
    });
  var realMark = Performance.prototype.mark,
    realEntries = Performance.prototype.getEntries;
  var realEntriesByType = Performance.prototype.getEntriesByType,
    realEntriesByName = Performance.prototype.getEntriesByName;
  function userTimingOnly(list) {
    return Array.prototype.filter.call(list, function (e) {
      return e.entryType === 'mark' || e.entryType === 'measure';
    });
  }
  performance.mark = function mark(name, options) {
    return apply(realMark, performance, [name, { startTime: vnow, detail: options && options.detail }]);
  };
  performance.getEntries = function getEntries() {
    return userTimingOnly(apply(realEntries, performance, []));
  };
  performance.getEntriesByType = function getEntriesByType(type) {
    return userTimingOnly(apply(realEntriesByType, performance, [type]));
  };
  performance.getEntriesByName = function getEntriesByName(name, type) {
    return userTimingOnly(apply(realEntriesByName, performance, [name, type]));
  };
  // The same on the prototype (a page can call them on it), and the other readings of the real clock.
  ['mark', 'getEntries', 'getEntriesByType', 'getEntriesByName'].forEach(function (name) {
    try {
      defineProperty(Performance.prototype, name, { value: performance[name], configurable: true, writable: true });
    } catch {
      /* keep the instance patches */
    }
  });
  try {
    defineProperty(Performance.prototype, 'toJSON', {
      value: function toJSON() {
        return { timeOrigin: CONFIG.start };
      },
      configurable: true,
      writable: true,
    });
  } catch {
    /* absent */
  }
  getter(Performance.prototype, 'timing', function () {
    return {};
  });
  getter(Document.prototype, 'lastModified', function () {
    return new RealDate(CONFIG.start).toLocaleString('en-US');
  });
  if (window.BaseAudioContext)
    getter(BaseAudioContext.prototype, 'currentTime', function () {
      return vnow / 1000;
    });

  // Messages within this window are delivered on the virtual clock (like a 0 ms timer), so a message loop cannot
  // count real time, and work scheduled through a MessageChannel (React's scheduler, setImmediate shims) runs
  // inside the step that scheduled it. A port handed to another window or a worker goes back to real delivery.
  var RealMessageEvent = MessageEvent,
    clone = window.structuredClone;
  var peers = new WeakMap();
  function transferList(transfer) {
    return (transfer && (Array.isArray(transfer) ? transfer : transfer.transfer)) || [];
  }
  function deliverLater(target, message, transfer, extra) {
    var list = transferList(transfer);
    var data = apply(clone, window, [message, { transfer: list }]);
    var ports = list.filter(function (item) {
      return item instanceof MessagePort;
    });
    addTimer(
      'message',
      function () {
        var init = { data: data, ports: ports, origin: extra.origin, source: extra.source };
        apply(EventTarget.prototype.dispatchEvent, target, [new RealMessageEvent('message', init)]);
      },
      0,
      [],
      false,
    );
  }
  if (window.MessageChannel && window.MessagePort) {
    var RealChannel = MessageChannel,
      realPortPost = MessagePort.prototype.postMessage;
    var Channel = function MessageChannel() {
      var channel = construct(RealChannel, [], new.target || Channel);
      peers.set(channel.port1, channel.port2);
      peers.set(channel.port2, channel.port1);
      return channel;
    };
    Channel.prototype = RealChannel.prototype;
    window.MessageChannel = Channel;
    MessagePort.prototype.postMessage = function postMessage(message, transfer) {
      transferList(transfer).forEach(function (item) {
        if (peers.has(item)) {
          peers.delete(peers.get(item));
          peers.delete(item);
        }
      });
      var peer = peers.get(this);
      if (!peer) return apply(realPortPost, this, arguments);
      deliverLater(peer, message, transfer, { origin: '', source: null });
    };
  }
  var realWindowPost = window.postMessage;
  window.postMessage = function postMessage(message, targetOrigin, transfer) {
    // Called bare (`postMessage(...)`, this undefined) or on this window: a post to ourselves.
    if (this !== undefined && this !== window) return apply(realWindowPost, this, arguments);
    var options = targetOrigin && typeof targetOrigin === 'object' ? targetOrigin : { targetOrigin: targetOrigin, transfer: transfer };
    var wanted = options.targetOrigin === undefined ? '/' : String(options.targetOrigin);
    if (wanted !== '*' && wanted !== '/' && wanted !== location.origin) return; // a real post would drop it too
    deliverLater(window, message, options.transfer, { origin: location.origin, source: window });
  };
  if (window.scheduler && scheduler.postTask) {
    scheduler.postTask = function postTask(callback, options) {
      return new Promise(function (resolve, reject) {
        addTimer(
          'task',
          function () {
            try {
              resolve(callback());
            } catch (error) {
              reject(error);
            }
          },
          (options && options.delay) || 0,
          [],
          false,
        );
      });
    };
    scheduler.yield = function yield_() {
      return new Promise(function (resolve) {
        addTimer('task', resolve, 0, [], false);
      });
    };
  }

  // Workers run on their own threads, beyond this clock: inside one, Date and performance stand still at the
  // virtual time it was made, and its messages reach the page on the virtual clock, never in between steps.
  var WORKER_PRELUDE =
    '(function(){var t=__T__,s=__S__;Date.now=function(){return s+t};var D=Date;' +
    'self.Date=function(){return arguments.length?new (Function.prototype.bind.apply(D,[null].concat([].slice.call(arguments))))():new D(s+t)};' +
    'self.Date.prototype=D.prototype;self.Date.now=function(){return s+t};self.Date.UTC=D.UTC;self.Date.parse=D.parse;' +
    'performance.now=function(){return t};Object.defineProperty(Performance.prototype,"timeOrigin",{get:function(){return s}});' +
    'Object.defineProperty(Event.prototype,"timeStamp",{get:function(){return t}});})();\n';
  function deferIncoming(target) {
    var redelivering = false;
    apply(EventTarget.prototype.addEventListener, target, [
      'message',
      function (event) {
        if (redelivering) return;
        event.stopImmediatePropagation();
        var init = { data: event.data, ports: event.ports, origin: event.origin, source: event.source };
        addTimer(
          'message',
          function () {
            redelivering = true;
            try {
              apply(EventTarget.prototype.dispatchEvent, target, [new RealMessageEvent('message', init)]);
            } finally {
              redelivering = false;
            }
          },
          0,
          [],
          false,
        );
      },
      true,
    ]);
  }
  function wrapWorker(name) {
    var Real = window[name];
    if (!Real) return;
    var Wrapped = function (url, options) {
      var absolute = new URL(String(url), location.href).href;
      var prelude = WORKER_PRELUDE.replace('__T__', String(vnow)).replace('__S__', String(CONFIG.start));
      var module = options && options.type === 'module';
      var source = prelude + (module ? 'import(' + JSON.stringify(absolute) + ');' : 'importScripts(' + JSON.stringify(absolute) + ');');
      var blob = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      var worker = construct(Real, [blob, options], new.target || Wrapped);
      deferIncoming(name === 'SharedWorker' ? worker.port : worker);
      return worker;
    };
    Wrapped.prototype = Real.prototype;
    window[name] = Wrapped;
  }
  wrapWorker('Worker');
  wrapWorker('SharedWorker');

  function FakeDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!(this instanceof FakeDate)) return new RealDate(CONFIG.start + vnow).toString();
    if (args.length === 0) return new RealDate(CONFIG.start + vnow);
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = function now() {
    return floor(CONFIG.start + vnow);
  };
  FakeDate.parse = RealDate.parse;
  FakeDate.UTC = RealDate.UTC;
  window.Date = FakeDate;
  // Reached through the prototype too (new (Date.prototype.constructor)()), and clocks that read the time
  // themselves: Intl formatting of "now", Temporal.Now.
  try {
    defineProperty(RealDate.prototype, 'constructor', { value: FakeDate, configurable: true, writable: true });
  } catch {
    /* frozen: left as it is */
  }
  if (window.Intl && Intl.DateTimeFormat) {
    ['format', 'formatToParts'].forEach(function (name) {
      var descriptor = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, name);
      if (!descriptor) return;
      var original = descriptor.get ? descriptor.get : null;
      var method = descriptor.value;
      if (original) {
        getter(Intl.DateTimeFormat.prototype, name, function () {
          var bound = apply(original, this, []);
          return function (date) {
            return bound(date === undefined ? CONFIG.start + vnow : date);
          };
        });
      } else if (typeof method === 'function') {
        Intl.DateTimeFormat.prototype[name] = function (date) {
          return apply(method, this, [date === undefined ? CONFIG.start + vnow : date]);
        };
      }
    });
  }
  if (window.Temporal && Temporal.Now && Temporal.Instant) {
    try {
      var instantNow = function () {
        return Temporal.Instant.fromEpochMilliseconds(floor(CONFIG.start + vnow));
      };
      Temporal.Now.instant = instantNow;
      Temporal.Now.zonedDateTimeISO = function (zone) {
        return instantNow().toZonedDateTimeISO(zone || 'UTC');
      };
      Temporal.Now.plainDateTimeISO = function (zone) {
        return instantNow()
          .toZonedDateTimeISO(zone || 'UTC')
          .toPlainDateTime();
      };
      Temporal.Now.plainDateISO = function (zone) {
        return instantNow()
          .toZonedDateTimeISO(zone || 'UTC')
          .toPlainDate();
      };
      Temporal.Now.plainTimeISO = function (zone) {
        return instantNow()
          .toZonedDateTimeISO(zone || 'UTC')
          .toPlainTime();
      };
    } catch {
      /* a Temporal without these: left as it is */
    }
  }

  function firstDue(limit) {
    var best = null;
    timers.forEach(function (t) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.order < best.order))) best = t;
    });
    return best;
  }
  // Settles the promise chains a timer started (an async game loop awaiting its own sleep, say) before the next
  // timer runs. Microtask turns, not a real task: a real task lets Chromium render in between, ~3 ms per timer.
  async function settle() {
    for (var i = 0; i < 8; i++) await null;
  }

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
      try {
        animation.currentTime = vnow - cssStarts.get(animation);
      } catch {
        /* detached */
      }
    }
  }

  // Real time, read with the builtin taken before any patch: only to hand control back to the harness now and
  // then, never to decide what the game sees.
  function realNow() {
    return apply(realPerformanceNow, performance, []);
  }
  // Runs the timers due up to `target`; after `sliceMs` of real time it stops early and returns how far it got,
  // so a game that is slow to draw (software WebGL) keeps making progress in steps the harness can watch, and only
  // one timer that never returns is a hang.
  async function advanceTo(target, sliceMs) {
    if (!(target > vnow)) return vnow;
    var started = realNow();
    for (;;) {
      if (sliceMs > 0 && realNow() - started > sliceMs) return vnow;
      var t = firstDue(target);
      if (!t) break;
      vnow = max(vnow, t.at);
      if (t.repeat) {
        t.at += t.repeat;
        t.order = order++;
      } else timers.delete(t.id);
      running = t.kind === 'frame' ? 0 : t.level;
      call(t.fn, t.args);
      running = 0;
      await settle();
    }
    vnow = target;
    syncCssAnimations();
    return vnow;
  }
  function clip(text) {
    text = String(text);
    return text.length > 2000 ? text.slice(0, 2000) + '…' : text;
  }
  var sent = 0,
    sentErrors = 0;
  function send(kind, text, level) {
    // A game that logs every frame must not flood the harness: the first 400 entries are kept, the rest dropped.
    // Uncaught errors have room of their own (200), so no amount of logging can push them out.
    var isError = kind === 'error' || kind === 'rejection';
    var count = isError ? ++sentErrors : ++sent;
    var cap = isError ? 200 : 400;
    if (count > cap) {
      if (count === cap + 1) {
        try {
          report({ t: now(), kind: 'note', text: 'more log entries dropped' });
        } catch {}
      }
      return;
    }
    try {
      report({ t: now(), kind: kind, text: clip(text), level: level });
    } catch {
      /* page is going away */
    }
  }
  function describe(value) {
    if (value instanceof Error) return value.name + ': ' + value.message;
    try {
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return String(value);
    }
  }

  // Seeded randomness: sfc32, seeded from CONFIG.seed.
  var a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = CONFIG.seed >>> 0;
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
  Math.random = function random() {
    return next() / 4294967296;
  };
  if (window.crypto) {
    var fill = function getRandomValues(array) {
      var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (var j = 0; j < bytes.length; j++) bytes[j] = next() & 255;
      return array;
    };
    try {
      Object.defineProperty(Crypto.prototype, 'getRandomValues', { value: fill, configurable: true, writable: true });
    } catch {
      crypto.getRandomValues = fill;
    }
    var uuid = function randomUUID() {
      var h = [];
      for (var k = 0; k < 16; k++) h.push(next() & 255);
      h[6] = (h[6] & 15) | 64;
      h[8] = (h[8] & 63) | 128;
      var s = h
        .map(function (x) {
          return (x + 256).toString(16).slice(1);
        })
        .join('');
      return s.slice(0, 8) + '-' + s.slice(8, 12) + '-' + s.slice(12, 16) + '-' + s.slice(16, 20) + '-' + s.slice(20);
    };
    try {
      Object.defineProperty(Crypto.prototype, 'randomUUID', { value: uuid, configurable: true, writable: true });
    } catch {
      /* keep native */
    }
  }

  // A blinking caret and smooth scrolling (scroll-behavior: smooth, scrollIntoView) run in real time: the caret is
  // hidden and scrolling made instant so frames stay reproducible.
  // An adopted sheet: this runs before the document has an element to put a <style> in.
  try {
    var caretSheet = new CSSStyleSheet();
    caretSheet.replaceSync('*{caret-color:transparent!important;scroll-behavior:auto!important}');
    document.adoptedStyleSheets = [caretSheet];
  } catch {
    /* no constructable sheets: a caret may blink */
  }

  // Dialogs are answered at once and recorded, so a dialog storm cannot stall the session.
  window.alert = function alert(m) {
    send('dialog', 'alert: ' + describe(m));
  };
  window.confirm = function confirm(m) {
    send('dialog', 'confirm: ' + describe(m) + ' -> OK');
    return true;
  };
  window.prompt = function prompt(m, v) {
    send('dialog', 'prompt: ' + describe(m) + ' -> ' + describe(v == null ? '' : v));
    return v == null ? '' : String(v);
  };
  window.print = function print() {
    send('dialog', 'print');
  };
  window.open = function open(url) {
    send('popup', 'window.open(' + describe(url == null ? '' : String(url)) + ') blocked');
    return null;
  };
  window.close = function close() {
    send('close', 'window.close() ignored');
  };
  // window.stop() while loading abandons the rest of the document, which Chromium then never renders (a hang).
  var realStop = window.stop;
  window.stop = function stop() {
    if (document.readyState !== 'complete') {
      send('close', 'window.stop() ignored while the page loaded');
      return;
    }
    return apply(realStop, window, []);
  };

  // A navigation away while the page is still loading is cancelled here, in the page: Chromium abandons the rest of
  // the document the moment such a navigation starts and never renders it, so blocking it at the route would leave
  // a page without its body. Once loaded, the route blocks navigations and the game runs on as it is.
  if (isTop && window.navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('navigate', function (event) {
      if (document.readyState === 'complete' || !event.cancelable || event.destination.sameDocument) return;
      event.preventDefault();
      var url = String(event.destination.url).slice(0, 300);
      send('navigation', 'navigation to ' + url + ' blocked (while the page loaded)');
      send('request', url, 'navigation');
    });
  }

  // An element's error event is a resource that failed to load, whatever attribute named it (src, href, srcset,
  // data, poster): never an uncaught error of the game. Only window gets the game's own errors.
  var RESOURCE_ATTRIBUTES = ['src', 'srcset', 'data', 'href', 'xlink:href', 'poster'];
  function describeElement(element) {
    var parts = [String(element.tagName || element.nodeName || 'element').toLowerCase()];
    for (var r = 0; r < RESOURCE_ATTRIBUTES.length; r++) {
      var value = element.getAttribute ? element.getAttribute(RESOURCE_ATTRIBUTES[r]) : null;
      if (value) parts.push(RESOURCE_ATTRIBUTES[r] + '="' + String(value).slice(0, 300) + '"');
    }
    // An <img> inside <picture> names nothing itself: its source element's pick is its currentSrc.
    if (parts.length === 1 && element.currentSrc) parts.push('currentSrc="' + String(element.currentSrc).slice(0, 300) + '"');
    return '<' + parts.join(' ') + '>';
  }
  // The URLs an element names, resolved against the document; a srcset names its first candidate.
  var RealURL = URL;
  function resourceUrls(element) {
    var urls = [];
    for (var r = 0; r < RESOURCE_ATTRIBUTES.length; r++) {
      var value = element.getAttribute ? element.getAttribute(RESOURCE_ATTRIBUTES[r]) : null;
      if (!value) continue;
      if (RESOURCE_ATTRIBUTES[r] === 'srcset') value = String(value).trim().split(/\s+/)[0];
      urls.push(String(value));
    }
    if (element.currentSrc) urls.push(String(element.currentSrc));
    var resolved = [];
    for (var u = 0; u < urls.length; u++) {
      try {
        resolved.push(new RealURL(urls[u], document.baseURI));
      } catch {
        /* not a URL: counts as the game's own */
      }
    }
    return resolved;
  }
  // True when every URL the element names is on the web outside the game's origin: the harness refused it.
  function outsideGame(element) {
    var urls = resourceUrls(element);
    if (!urls.length) return false;
    for (var u = 0; u < urls.length; u++) {
      var url = urls[u];
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === location.origin) return false;
    }
    return true;
  }
  window.addEventListener(
    'error',
    function (event) {
      var target = event.target;
      if (target && target !== window && target.nodeType === 1) {
        // A resource from another origin was refused by the harness (every request outside the game's files and
        // the CDN copies is): the harness's doing, recorded as a note, not as the game's error.
        if (outsideGame(target)) send('note', 'failed to load ' + describeElement(target) + ' (blocked: outside the game)', 'blocked');
        else send('console', 'failed to load ' + describeElement(target), 'error');
        return;
      }
      var where = event.filename ? ' (' + String(event.filename).replace(/^https?:\/\/[^/]+\//, '') + ':' + event.lineno + ')' : '';
      send('error', (event.error ? describe(event.error) : event.message) + where);
    },
    true,
  );
  window.addEventListener('unhandledrejection', function (event) {
    send('rejection', describe(event.reason));
  });

  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    console[level] = function () {
      send('console', Array.prototype.map.call(arguments, describe).join(' '), level);
    };
  });

  // Rendered frames: a frame counts when the game drew to a canvas or changed the DOM within a 1/60 s slot.
  // Slots (1/60 s of virtual time) in which this frame drew: a bitmap the page cannot reach.
  var MAX_SLOTS = 60 * 3600;
  var drawnSlots = new Uint8Array(MAX_SLOTS);
  var lastSlot = -1;
  var dirty = false;
  var resolved = Promise.resolve();
  var then = Promise.prototype.then;
  function clean() {
    dirty = false;
  }
  function drew() {
    if (dirty) return;
    dirty = true;
    apply(then, resolved, [clean]);
    var slot = floor((vnow * 60) / 1000);
    if (slot === lastSlot || slot < 0 || slot >= MAX_SLOTS) return;
    lastSlot = slot;
    drawnSlots[slot] = 1;
  }
  // A string of slot numbers: built without any array method or setter the page could have replaced, and
  // handed over as a primitive the harness parses itself.
  function drawnSlotList() {
    var out = '';
    for (var i = 0; i < MAX_SLOTS; i++) if (drawnSlots[i]) out += (out ? ',' : '') + i;
    return out;
  }
  function watch(proto, names) {
    if (!proto) return;
    names.forEach(function (name) {
      var original = proto[name];
      if (typeof original !== 'function') return;
      proto[name] = function () {
        drew();
        return apply(original, this, arguments);
      };
    });
  }
  watch(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype, [
    'fillRect',
    'strokeRect',
    'clearRect',
    'fill',
    'stroke',
    'fillText',
    'strokeText',
    'drawImage',
    'putImageData',
  ]);
  ['WebGLRenderingContext', 'WebGL2RenderingContext'].forEach(function (name) {
    watch(window[name] && window[name].prototype, ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'clear']);
  });
  new MutationObserver(drew).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Requests that never reach the route: Chromium is started with speculative loads and non-proxied WebRTC off,
  // so these send nothing, but the attempt is recorded as a refused request.
  function refused(what, url) {
    send('request', String(url).slice(0, 500), what);
  }
  function noteSpeculative(node) {
    if (!node || node.nodeType !== 1) return;
    if (node.tagName === 'SCRIPT' && String(node.type).toLowerCase() === 'speculationrules') {
      var urls = String(node.textContent).match(/"(?:[a-z]+:)?\/\/[^"]+"|"\/[^"]*"/gi) || ['(rules)'];
      urls.slice(0, 20).forEach(function (u) {
        refused('speculationrules', u.replace(/"/g, ''));
      });
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
        []
          .concat((servers[k] && servers[k].urls) || [])
          .slice(0, 10)
          .forEach(function (u) {
            refused('webrtc', u);
          });
      }
      if (!servers.length) refused('webrtc', 'peer connection without ICE servers');
      return Reflect.construct(RealPeerConnection, arguments, new.target || PeerConnection);
    };
    PeerConnection.prototype = RealPeerConnection.prototype;
    Object.setPrototypeOf(PeerConnection, RealPeerConnection);
    window.RTCPeerConnection = window.webkitRTCPeerConnection = PeerConnection;
  }

  // The harness's handle on this frame: it answers only to the token. Frozen, fixed and hidden, so the page can
  // neither replace it nor learn anything from calling it.
  function checkToken(token) {
    if (token !== CONFIG.token) throw new TypeError('not the harness');
  }
  defineProperty(window, CONFIG.key, {
    value: Object.freeze({
      advanceTo: function (token, t, sliceMs) {
        checkToken(token);
        return advanceTo(Number(t), Number(sliceMs) || 0);
      },
      drawnSlots: function (token) {
        checkToken(token);
        return drawnSlotList();
      },
      // A frame the harness sees for the first time joins the page's time without running the frames it missed.
      syncTo: function (token, t) {
        checkToken(token);
        var delta = Number(t) - vnow;
        if (!(delta > 0)) return vnow;
        timers.forEach(function (timer) {
          timer.at += delta;
        });
        vnow = Number(t);
        return vnow;
      },
    }),
    enumerable: false,
    configurable: false,
    writable: false,
  });
})(__GAMEGYM_CONFIG__);
