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
  var realSetTimeout = window.setTimeout;
  var realRequestFrame = window.requestAnimationFrame;
  var listen = EventTarget.prototype.addEventListener,
    unlisten = EventTarget.prototype.removeEventListener;
  var promiseThen = Promise.prototype.then,
    RealPromise = Promise;
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
    // A game that reads styles in its frame sees its CSS animations where they are at this frame.
    setCssTimes();
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

  // ---- Loading in virtual time ----------------------------------------------------------------------------------
  // Virtual time stands still while the game's own loads are under way (images, scripts, style sheets, fetches,
  // XHRs, fonts, media, audio decodes): their events arrive at the same virtual moment on every run, however long
  // they take in real time, so a game that loads before it starts starts at the same moment, and an input scripted
  // for an early time reaches a loaded game. Bounded in real time: a load that has not ended after LOAD_ITEM_MS is
  // no longer waited for, and a page stops being waited for at all once it has held the clock for LOAD_TOTAL_MS.
  var LOAD_ITEM_MS = 5000,
    LOAD_TOTAL_MS = 20000;
  var loads = new Map();
  var nextLoad = 1;
  var loadWaitedMs = 0;
  var loadGaveUp = false;
  var fontsLoadingSince = -1;
  var fontStatus = window.FontFaceSet && Object.getOwnPropertyDescriptor(FontFaceSet.prototype, 'status');
  function loadBegins(what) {
    var id = nextLoad++;
    loads.set(id, { since: realNow(), what: what });
    return id;
  }
  // Ends when one of `events` reaches the target (a capture listener: it runs before the game's own at the target).
  function loadUntilEvent(target, events, what) {
    var id = loadBegins(what);
    var done = function () {
      loads.delete(id);
      for (var k = 0; k < events.length; k++) apply(unlisten, target, [events[k], done, true]);
    };
    for (var k = 0; k < events.length; k++) apply(listen, target, [events[k], done, true]);
  }
  function loadUntilSettled(promise, what) {
    if (!promise || typeof promise !== 'object') return promise;
    var id = loadBegins(what);
    var done = function () {
      loads.delete(id);
    };
    try {
      apply(promiseThen, promise, [done, done]);
    } catch {
      loads.delete(id); // not a real promise
    }
    return promise;
  }
  function shortUrl(url) {
    return String(url).slice(0, 200);
  }
  function loadsPending() {
    if (loadGaveUp) return false;
    var t = realNow();
    var pending = false;
    loads.forEach(function (load, id) {
      if (t - load.since <= LOAD_ITEM_MS) pending = true;
      else {
        loads.delete(id);
        send('note', load.what + ' still loading after ' + LOAD_ITEM_MS / 1000 + ' s of real time: the clock went on', 'loading');
      }
    });
    var fontsLoading = false;
    try {
      fontsLoading = !!fontStatus && apply(fontStatus.get, document.fonts, []) === 'loading';
    } catch {
      /* no font set */
    }
    if (!fontsLoading) fontsLoadingSince = -1;
    else if (fontsLoadingSince < 0) fontsLoadingSince = t;
    if (fontsLoading && t - fontsLoadingSince <= LOAD_ITEM_MS) pending = true;
    return pending;
  }
  function realPause(ms) {
    return new RealPromise(function (resolve) {
      apply(realSetTimeout, window, [resolve, ms]);
    });
  }
  // Waits in real time (the loads' events are real tasks) until no load is pending; false when the step's slice of
  // real time ran out first (the harness calls again).
  async function loadsDone(started, sliceMs) {
    var since = realNow();
    try {
      while (loadsPending()) {
        var t = realNow();
        if (loadWaitedMs + (t - since) > LOAD_TOTAL_MS) {
          loadGaveUp = true;
          send('note', 'loading held the clock for ' + LOAD_TOTAL_MS / 1000 + ' s of real time: no longer waited for', 'loading');
          return true;
        }
        if (sliceMs > 0 && t - started > sliceMs) return false;
        flushReports();
        await realPause(4);
      }
      return true;
    } finally {
      loadWaitedMs += realNow() - since;
    }
  }
  function wrapMethod(proto, name, wrap) {
    var original = proto && proto[name];
    if (typeof original !== 'function') return;
    proto[name] = wrap(original);
  }
  function wrapSetter(proto, name, after) {
    var descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !descriptor.set) return;
    defineProperty(proto, name, {
      get: descriptor.get,
      set: function (value) {
        apply(descriptor.set, this, [value]);
        after(this, value);
      },
      configurable: true,
      enumerable: descriptor.enumerable,
    });
  }
  var IMAGE_DONE = ['load', 'error', 'abort'];
  function trackImage(img) {
    if (img.loading === 'lazy' || !(img.getAttribute('src') || img.getAttribute('srcset'))) return;
    loadUntilEvent(img, IMAGE_DONE, 'image ' + shortUrl(img.getAttribute('src') || img.getAttribute('srcset')));
  }
  function trackMedia(media) {
    if (media.preload === 'none') return;
    var events =
      media.preload === 'metadata' ? ['loadedmetadata', 'error', 'abort', 'emptied'] : ['canplaythrough', 'error', 'abort', 'emptied'];
    loadUntilEvent(media, events, 'media ' + shortUrl(media.currentSrc || media.getAttribute('src') || ''));
  }
  var SCRIPT_TYPES = /^(|module|(text|application)\/(x-)?(java|ecma)script)$/i;
  // Elements the page adds with a resource to load (by parsing or by script): their load events are awaited.
  function trackAdded(node) {
    if (!node || node.nodeType !== 1) return;
    var tag = node.tagName;
    if (tag === 'SCRIPT' && node.src && SCRIPT_TYPES.test(String(node.type).trim()))
      loadUntilEvent(node, ['load', 'error'], 'script ' + shortUrl(node.src));
    else if (tag === 'LINK' && /\bstylesheet\b/i.test(node.rel || '') && node.href)
      loadUntilEvent(node, ['load', 'error'], 'style sheet ' + shortUrl(node.href));
    else if (tag === 'IMG' && !node.complete) trackImage(node);
    else if ((tag === 'AUDIO' || tag === 'VIDEO') && node.getAttribute('src') && node.readyState < 4) trackMedia(node);
  }
  if (window.HTMLImageElement) {
    wrapSetter(HTMLImageElement.prototype, 'src', trackImage);
    wrapSetter(HTMLImageElement.prototype, 'srcset', trackImage);
    wrapMethod(HTMLImageElement.prototype, 'decode', function (original) {
      return function decode() {
        return loadUntilSettled(apply(original, this, arguments), 'image decode');
      };
    });
  }
  if (window.HTMLMediaElement) {
    wrapSetter(HTMLMediaElement.prototype, 'src', trackMedia);
    wrapMethod(HTMLMediaElement.prototype, 'load', function (original) {
      return function load() {
        var result = apply(original, this, arguments);
        if (this.getAttribute('src') || this.querySelector('source')) trackMedia(this);
        return result;
      };
    });
  }
  if (window.Audio) {
    var RealAudio = window.Audio;
    var TrackedAudio = function Audio(src) {
      var audio = construct(RealAudio, arguments, new.target || TrackedAudio);
      if (src !== undefined) trackMedia(audio);
      return audio;
    };
    TrackedAudio.prototype = RealAudio.prototype;
    window.Audio = TrackedAudio;
  }
  wrapMethod(window, 'fetch', function (original) {
    return function fetch() {
      return loadUntilSettled(apply(original, window, arguments), 'fetch ' + shortUrl(arguments[0] && (arguments[0].url || arguments[0])));
    };
  });
  if (window.Response)
    ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'].forEach(function (name) {
      wrapMethod(Response.prototype, name, function (original) {
        return function () {
          return loadUntilSettled(apply(original, this, arguments), 'response body');
        };
      });
    });
  if (window.XMLHttpRequest) {
    var syncRequests = new WeakSet();
    wrapMethod(XMLHttpRequest.prototype, 'open', function (original) {
      return function open() {
        // open(method, url, async): only an explicit false async makes a request synchronous
        if (arguments.length > 2 && !arguments[2]) syncRequests.add(this);
        else syncRequests.delete(this);
        return apply(original, this, arguments);
      };
    });
    wrapMethod(XMLHttpRequest.prototype, 'send', function (original) {
      return function send() {
        if (!syncRequests.has(this)) loadUntilEvent(this, ['loadend'], 'XHR');
        return apply(original, this, arguments);
      };
    });
  }
  if (window.FontFace) {
    wrapMethod(FontFace.prototype, 'load', function (original) {
      return function load() {
        return loadUntilSettled(apply(original, this, arguments), 'font');
      };
    });
  }
  if (window.FontFaceSet) {
    wrapMethod(FontFaceSet.prototype, 'load', function (original) {
      return function load() {
        return loadUntilSettled(apply(original, this, arguments), 'font');
      };
    });
  }
  if (window.BaseAudioContext) {
    wrapMethod(BaseAudioContext.prototype, 'decodeAudioData', function (original) {
      return function decodeAudioData() {
        return loadUntilSettled(apply(original, this, arguments), 'audio decode');
      };
    });
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        trackAdded(added[j]);
        if (added[j].querySelectorAll) Array.prototype.forEach.call(added[j].querySelectorAll('script,link,img,audio,video'), trackAdded);
      }
    }
  }).observe(document, { subtree: true, childList: true });

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

  // ---- CSS animations and transitions --------------------------------------------------------------------------
  // They follow virtual time too: each is paused the first time it is seen and its time set from vnow. It is seen
  // right after the timer (or input) that started it: the DOM or an animate() call marks styles as possibly changed,
  // and the styles are then brought up to date (getAnimations), so an animation starts at the virtual moment of
  // its cause, not at whichever later moment happened to recalculate styles. While one runs, the 1/60 s slots it
  // spans count as drawn frames (a page animated by CSS draws without touching a canvas or the DOM).
  var getAnimations = Document.prototype.getAnimations;
  var animationPause = window.Animation && Animation.prototype.pause;
  var animationFinish = window.Animation && Animation.prototype.finish;
  var animationTime = window.Animation && Object.getOwnPropertyDescriptor(Animation.prototype, 'currentTime');
  var animationRate = window.Animation && Object.getOwnPropertyDescriptor(Animation.prototype, 'playbackRate');
  var animationEffect = window.Animation && Object.getOwnPropertyDescriptor(Animation.prototype, 'effect');
  var computedTiming = window.AnimationEffect && AnimationEffect.prototype.getComputedTiming;
  var cssCanSync = !!(getAnimations && animationPause && animationTime && animationRate && animationEffect && computedTiming);
  var cssSeen = new WeakSet();
  // {animation, start, rate, from, to}: start in virtual ms, [from, to) the span in which it changes what is shown
  var cssTracked = [];
  var stylesMayHaveChanged = true;
  function stylesChanged() {
    stylesMayHaveChanged = true;
  }
  if (window.Element && Element.prototype.animate) {
    var realAnimate = Element.prototype.animate;
    Element.prototype.animate = function animate() {
      stylesChanged();
      return apply(realAnimate, this, arguments);
    };
  }
  new MutationObserver(stylesChanged).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  function trackAnimation(animation) {
    cssSeen.add(animation);
    var rate = 1;
    var from = vnow,
      to = Infinity,
      period = 0;
    try {
      rate = apply(animationRate.get, animation, []) || 1;
      var timing = apply(computedTiming, apply(animationEffect.get, animation, []), []);
      from = vnow + (timing.delay || 0) / rate;
      to = from + timing.activeDuration / rate;
      period = typeof timing.duration === 'number' ? timing.duration / rate : 0;
    } catch {
      /* no effect: nothing shown */
    }
    try {
      apply(animationPause, animation, []);
    } catch {
      return; // cannot be paused: left to run
    }
    cssTracked.push({ animation: animation, start: vnow, rate: rate, from: from, to: to, period: period > 1 ? period : 0 });
  }
  // The first virtual frame at or after which a tracked animation starts, repeats or ends: the browser sends its
  // events (animationstart/iteration/end, transitionstart/end, finish) in the frame that follows that moment.
  function nextCssEvent(after) {
    var best = Infinity;
    for (var i = 0; i < cssTracked.length; i++) {
      var tracked = cssTracked[i];
      var at = tracked.to;
      if (after < tracked.from) at = tracked.from;
      else if (tracked.period) at = min(tracked.to, tracked.from + (floor((after - tracked.from) / tracked.period) + 1) * tracked.period);
      if (at > after && at < best) best = at;
    }
    return best === Infinity ? best : Math.ceil(best / FRAME_MS - 1e-9) * FRAME_MS;
  }
  // One real rendering step of the browser: it sends the animation events due at the current virtual time. Bounded:
  // a page that renders no frames (hidden) goes on without them.
  function renderOnce() {
    return new RealPromise(function (resolve) {
      apply(realRequestFrame, window, [resolve]);
      apply(realSetTimeout, window, [resolve, 200]);
    });
  }

  // Picks up new animations (when styles may have changed, or always with `force`) and forgets ended ones.
  function syncCssAnimations(force) {
    if (!cssCanSync || !(force || stylesMayHaveChanged)) return;
    stylesMayHaveChanged = false;
    var list;
    try {
      list = apply(getAnimations, document, []);
    } catch {
      return;
    }
    var live = new Set();
    for (var i = 0; i < list.length; i++) {
      live.add(list[i]);
      if (!cssSeen.has(list[i])) trackAnimation(list[i]);
    }
    var kept = [];
    for (var j = 0; j < cssTracked.length; j++) {
      var tracked = cssTracked[j];
      // Gone from the document (finished, cancelled, removed): it shows nothing from now on.
      if (live.has(tracked.animation)) kept.push(tracked);
    }
    cssTracked = kept;
    setCssTimes();
  }
  // Sets every tracked animation to the virtual time; one past its end is set once more (its end state shown, its
  // end event sent) and then forgotten.
  function setCssTimes() {
    var kept = [];
    for (var i = 0; i < cssTracked.length; i++) {
      var tracked = cssTracked[i];
      try {
        // Past its end it is finished, as a playing one would be: its finish event and promise follow.
        if (tracked.to <= vnow && animationFinish) apply(animationFinish, tracked.animation, []);
        else apply(animationTime.set, tracked.animation, [(vnow - tracked.start) * tracked.rate]);
      } catch {
        continue; // detached
      }
      if (tracked.to > vnow) kept.push(tracked);
    }
    cssTracked = kept;
  }
  // Moves the clock to `to`, counting the slots that running CSS animations drew in on the way.
  function moveClock(to) {
    if (!(to > vnow)) return;
    var from = vnow;
    vnow = to;
    for (var i = 0; i < cssTracked.length; i++) {
      var tracked = cssTracked[i];
      var lo = max(from, tracked.from),
        hi = min(to, tracked.to);
      var last = min(MAX_SLOTS, Math.ceil((hi * 60) / 1000));
      for (var slot = floor((lo * 60) / 1000); hi > lo && slot < last; slot++) drawnSlots[slot] = 1;
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
    stepping = true;
    try {
      return await runUntil(target, started, sliceMs);
    } finally {
      stepping = false;
      flushReports();
    }
  }
  async function runUntil(target, started, sliceMs) {
    // Inputs between steps may have started animations (a class set by a click, :hover).
    syncCssAnimations(true);
    for (;;) {
      if (!(await loadsDone(started, sliceMs))) break;
      if (sliceMs > 0 && realNow() - started > sliceMs) break;
      var t = firstDue(target);
      var cssEvent = nextCssEvent(vnow);
      if (cssEvent <= target && (!t || cssEvent < t.at)) {
        // The animation events of this moment are sent before the timers due at it.
        moveClock(cssEvent);
        setCssTimes();
        flushReports();
        await renderOnce();
        await settle();
        syncCssAnimations(false);
        continue;
      }
      if (!t) {
        moveClock(target);
        break;
      }
      moveClock(t.at);
      if (t.repeat) {
        t.at += t.repeat;
        t.order = order++;
      } else timers.delete(t.id);
      running = t.kind === 'frame' ? 0 : t.level;
      call(t.fn, t.args);
      running = 0;
      await settle();
      syncCssAnimations(false);
    }
    setCssTimes();
    return vnow;
  }
  function clip(text) {
    text = String(text);
    return text.length > 2000 ? text.slice(0, 2000) + '…' : text;
  }
  var sent = 0,
    sentErrors = 0;
  // Reports go to the harness in batches: each call costs a round trip through the harness, and a page that
  // reports in a storm (dialogs, logging) must not turn that into a stall. Uncaught errors go at once (they are the
  // evidence a hang must not swallow); the rest when a step ends, before any real-time wait, every 50 entries, or
  // right after the task that queued them when no step is running (input handlers, load events).
  var queued = [];
  var flushQueued = false;
  var stepping = false;
  function flushReports() {
    flushQueued = false;
    if (!queued.length) return;
    var batch = queued;
    queued = [];
    try {
      report(batch);
    } catch {
      /* page is going away */
    }
  }
  function queueReport(entry, now) {
    queued.push(entry);
    if (now || queued.length >= 50) flushReports();
    else if (!stepping && !flushQueued) {
      flushQueued = true;
      apply(realSetTimeout, window, [flushReports, 0]);
    }
  }
  function send(kind, text, level) {
    // A game that logs every frame must not flood the harness: the first 400 entries are kept, the rest dropped.
    // Uncaught errors have room of their own (200), so no amount of logging can push them out.
    var isError = kind === 'error' || kind === 'rejection';
    var count = isError ? ++sentErrors : ++sent;
    var cap = isError ? 200 : 400;
    if (count > cap) {
      if (count === cap + 1) queueReport({ t: now(), kind: 'note', text: 'more log entries dropped' }, false);
      return;
    }
    queueReport({ t: now(), kind: kind, text: clip(text), level: level }, isError);
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
