// loancs web chat: a visitor talks to the lender's agents over the `customer` role.
// Self-contained (no CDN, no build). Every customer/agent text goes through textContent.
(function () {
  "use strict";
  var KEY_ID = "loancs.visitor", KEY_SEQ = "loancs.seq", KEY_LOG = "loancs.transcript",
      KEY_AGENT = "loancs.agent";
  var $ = function (id) { return document.getElementById(id); };
  var list = $("messages"), input = $("input"), statusEl = $("status"), agentEl = $("agent"),
      typingEl = $("typing"), noticeEl = $("notice");

  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  // The server issues the visitor's identity: `visitor` is the public id (it prefixes our
  // message ids), `token` the secret we say hello with next time. Never made up here.
  var token = load(KEY_ID);
  if (!(token && /^[A-Za-z0-9_-]{8,64}\.[A-Za-z0-9_-]{20,}$/.test(token))) token = "";
  var visitor = token ? token.slice(0, token.lastIndexOf(".")) : "";
  var lastSeq = parseInt(load(KEY_SEQ) || "", 10);
  if (!(lastSeq >= 0)) lastSeq = null;
  var transcript = [];
  try { transcript = JSON.parse(load(KEY_LOG) || "[]") || []; } catch (e) { transcript = []; }
  var ws = null, backoff = 500, online = false;
  // Unacknowledged messages, in the order typed: one is on the wire at a time, so a
  // message held back by the rate limit is never overtaken by the next one.
  var pending = {};        // id -> {body, li, tries}
  var order = [], inflight = null, holding = false;
  var counter = 0;
  var typingTimer = null, lastTypingSent = 0, idleTimer = null;

  // ------------------------------------------------------------ rendering

  function bubble(cls, who, text, id) {
    var li = document.createElement("li");
    li.className = cls;
    if (id) li.dataset.id = id;
    if (who) {
      var w = document.createElement("span");
      w.className = "who";
      w.textContent = who;
      li.appendChild(w);
    }
    var t = document.createElement("span");
    t.className = "text";
    t.textContent = text;
    li.appendChild(t);
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
    return li;
  }

  function remember(cls, who, text, id) {
    transcript.push({ c: cls, w: who || "", t: text, i: id || "" });
    if (transcript.length > 100) transcript = transcript.slice(-100);
    store(KEY_LOG, JSON.stringify(transcript));
  }

  function add(cls, who, text, id) {
    remember(cls.replace(" pending", ""), who, text, id);
    return bubble(cls, who, text, id);
  }

  function setStatus(state, text) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }

  function setAgent(name) {
    if (!name) return;
    store(KEY_AGENT, name);
    agentEl.textContent = "客服 " + name + " 为您服务 / " + name + " is helping you";
  }

  function notice(text) {
    if (!text) { noticeEl.hidden = true; return; }
    noticeEl.textContent = text;
    noticeEl.hidden = false;
  }

  function showTyping(name, active) {
    clearTimeout(typingTimer);
    if (!active) { typingEl.hidden = true; return; }
    typingEl.textContent = (name || "客服") + " 正在输入… / typing…";
    typingEl.hidden = false;
    typingTimer = setTimeout(function () { typingEl.hidden = true; }, 6000);
  }

  transcript.forEach(function (m) { bubble(m.c, m.w, m.t, m.i); });
  setAgent(load(KEY_AGENT));

  // ------------------------------------------------------------ the connection

  function send(obj) {
    if (ws && ws.readyState === 1 && online) { ws.send(JSON.stringify(obj)); return true; }
    return false;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    // A lender hosting a copy of this page on its own site names the loancs server in
    // <html data-loancs-server="chat.lender.example"> (that origin must be in chat_origins).
    var host = document.documentElement.getAttribute("data-loancs-server") || location.host;
    setStatus("connecting", "连接中 / connecting");
    ws = new WebSocket(scheme + host + "/");
    ws.onopen = function () {
      ws.send(JSON.stringify({ type: "hello", token: token ? "visitor:" + token : "visitor", since: lastSeq,
        client: "webchat", lang: (navigator.language || "zh").slice(0, 2) }));
    };
    ws.onmessage = function (msg) {
      var frame;
      try { frame = JSON.parse(msg.data); } catch (e) { return; }
      handle(frame);
    };
    ws.onclose = function () {
      online = false;
      setStatus("offline", "已断开，正在重连 / reconnecting…");
      setTimeout(connect, backoff * (0.8 + Math.random() * 0.4));
      backoff = Math.min(8000, backoff * 2);
    };
  }

  function handle(frame) {
    switch (frame.type) {
      case "welcome":
        if (frame.visitor_token && frame.visitor_token !== token) {
          if (token) { lastSeq = null; transcript = []; store(KEY_LOG, "[]"); list.textContent = ""; }
          token = frame.visitor_token;
          visitor = frame.visitor || token.slice(0, token.lastIndexOf("."));
          store(KEY_ID, token);
        }
        online = true;
        backoff = 500;
        if (lastSeq === null) { lastSeq = frame.seq; store(KEY_SEQ, String(lastSeq)); }
        setStatus("online", "在线 / online");
        notice("");
        inflight = null;
        pump();
        if (loginToken) { send({ type: "verify_token", id: "verify-token", token: loginToken }); loginToken = null; }
        break;
      case "ack":
        if (pending[frame.id]) {
          pending[frame.id].li.classList.remove("pending");
          done(frame.id);
        }
        break;
      case "error":
        if (String(frame.id || "").indexOf("verify-") === 0) { notice(frame.message || frame.code); break; }
        onError(frame);
        break;
      case "result":
        onVerified(frame);
        break;
      case "event":
        onEvent(frame);
        break;
      case "resync":
        send({ type: "resume", since: lastSeq || frame.last_seq });
        break;
      case "bye":
        setStatus("offline", "服务器维护中，稍后自动重连 / server restarting");
        break;
    }
  }

  // Refusals that store nothing and pass (docs/protocol.md "Errors"): resend after a pause.
  var UNREAD = { too_large: true, bad_json: true, bad_utf8: true };
  var RETRY_MS = { rate_limited: 1500, storage_unavailable: 5000, shutting_down: 3000 };

  function onError(frame) {
    // A frame the server could not read (over its size limit, or not JSON or UTF-8) is refused
    // without its id: while a message is in flight it is that message, which fails and lets the
    // ones after it go.
    if (!frame.id && UNREAD[frame.code] && inflight !== null) frame.id = inflight;
    var p = frame.id && pending[frame.id];
    if (frame.detail && typeof frame.detail.head === "number") {
      // we remember more than the server has (its log was restored): start from its head
      lastSeq = null;
      try { localStorage.removeItem(KEY_SEQ); } catch (e) { /* private mode */ }
      return;
    }
    var wait = RETRY_MS[frame.code];
    if (wait) {  // not stored: the same message goes again, still ahead of the later ones
      notice(frame.code === "rate_limited" ? "发送太快了，请稍候… / Slow down a little…"
        : "暂时无法发送，稍后自动重试 / Not sent yet: retrying shortly");
      if (p && inflight === frame.id) {
        inflight = null;
        holding = true;
        setTimeout(function () { holding = false; pump(); }, wait);
      }
      return;
    }
    if (frame.code === "unauthorized") {
      notice("此网站未获准使用在线客服 / This site may not use the chat.");
      return;
    }
    if (p) {
      p.li.classList.add("failed");
      done(frame.id);
    }
    notice(frame.message || frame.code);
  }

  function onEvent(ev) {
    if (ev.seq) {
      if (lastSeq !== null && ev.seq <= lastSeq) return;
      lastSeq = ev.seq;
      store(KEY_SEQ, String(lastSeq));
    }
    var pl = ev.payload || {};
    switch (ev.kind) {
      case "message.sent":
        showTyping(null, false);
        if (pl.agent_name === "assistant") {  // the self-service assistant, not a person
          add("bot", "智能助理 / Assistant", pl.body || "");
          break;
        }
        add("agent", pl.agent_name || "客服", pl.body || "");
        if (pl.agent_name) setAgent(pl.agent_name);
        break;
      case "message.received":
        var ext = String(pl.external_id || "");
        var mine = ext.indexOf(visitor + ":") === 0 ? ext.slice(visitor.length + 1) : null;
        if (mine && (pending[mine] || list.querySelector('li[data-id="' + CSS.escape(mine) + '"]'))) break;
        add("me", "", pl.body || "", mine);
        break;
      case "conversation.assigned":
        setAgent(pl.agent_name);
        add("system", "", "客服 " + (pl.agent_name || "") + " 已接入 / joined");
        break;
      case "conversation.resolved":
        add("system", "", "本次会话已结束，如有新问题请直接留言 / This conversation is closed.");
        break;
      case "typing":
        if (pl.who === "agent") showTyping(pl.name, pl.active !== false);
        break;
      case "csat.requested":
        showRating();
        break;
      case "csat.answered":
        var box = $("rating");
        if (box) box.hidden = true;
        break;
    }
  }

  // ------------------------------------------------------------ rating (CSAT)

  function showRating() {
    var box = $("rating");
    if (!box || box.dataset.done) return;
    box.hidden = false;
    Array.prototype.forEach.call(box.querySelectorAll("button[data-score]"), function (b) {
      b.onclick = function () {
        var score = parseInt(b.getAttribute("data-score"), 10);
        if (send({ type: "rate", id: "rate-" + Date.now(), score: score })) {
          box.dataset.done = "1";
          box.hidden = true;
          add("system", "", "感谢您的评价 / Thank you for your rating");
        }
      };
    });
  }

  // ------------------------------------------------------------ identity (assistant)
  // Account questions are answered only after the visitor proves who they are: a one-time
  // code to the phone on their loan, or a token the lender's own login put on the page
  // (<html data-loancs-login-token="...">).

  function onVerified(frame) {
    var data = frame.data || {};
    if (String(frame.id || "").indexOf("verify-") !== 0) return;
    if (data.sent) notice("验证码已发送（如该号码有贷款记录）/ Code sent if the number is on file");
    if (data.verified) {
      notice("");
      $("verify").hidden = true;
      add("system", "", "身份已验证，可以查询您的账户 / Verified: ask about your account");
    }
  }
  $("verify-open").addEventListener("click", function () { $("verify").hidden = !$("verify").hidden; });
  $("verify-send").addEventListener("click", function () {
    var phone = $("verify-phone").value.replace(/\s+/g, "");
    if (phone) send({ type: "verify_request", id: "verify-" + Date.now(), phone: phone });
  });
  $("verify").addEventListener("submit", function (e) {
    e.preventDefault();
    var code = $("verify-code").value.trim();
    if (code) send({ type: "verify_code", id: "verify-" + Date.now(), code: code });
  });
  var loginToken = document.documentElement.getAttribute("data-loancs-login-token");

  // ------------------------------------------------------------ sending

  function pump() {
    if (inflight !== null || holding || !order.length) return;
    var id = order[0], p = pending[id];
    if (send({ type: "say", id: id, body: p.body })) {
      p.tries += 1;
      inflight = id;
    }
  }

  function done(id) {
    delete pending[id];
    order = order.filter(function (other) { return other !== id; });
    if (inflight === id) inflight = null;
    pump();
  }

  // Half an emoji (a lone UTF-16 surrogate, from a paste or a cut through an emoji) cannot be
  // sent as JSON the server reads: it goes as U+FFFD, the rest of the message as typed.
  var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g;

  function say(text) {
    var body = text.replace(LONE_SURROGATE, "$1\ufffd").replace(/\s+$/, "");
    if (!body.trim()) return;
    counter += 1;
    var id = "m" + Date.now().toString(36) + counter.toString(36);
    var li = add("me pending", "", body, id);
    pending[id] = { body: body, li: li, tries: 0 };
    order.push(id);
    pump();
    stopTyping();
  }

  function stopTyping() {
    clearTimeout(idleTimer);
    if (lastTypingSent) { send({ type: "typing", active: false }); lastTypingSent = 0; }
  }

  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    say(input.value);
    input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      say(input.value);
      input.value = "";
    }
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (input.value && now - lastTypingSent > 2000) {
      if (send({ type: "typing", active: true })) lastTypingSent = now;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, 3000);
  });

  window.loancsChat = { state: function () { return { visitor: visitor, online: online, lastSeq: lastSeq, pending: Object.keys(pending).length }; } };
  connect();
})();
