// The chat page: sends a message to GET /v1/chat/stream and shows the answer as it streams
// (EventSource), then the model, tokens, cost and cache result from the final "done" event.
// No build step, no dependencies.
(() => {
  'use strict';

  // History sent with each message (newest turns first, whole pairs), bounded so that the stream
  // URL stays far below the server's request-line limit.
  const MAX_HISTORY_CHARS = 6000;
  // Reconnects when a stream drops before its first token; after that the partial answer stays.
  const MAX_RECONNECTS = 2;

  const els = {
    conversation: document.getElementById('conversation'),
    form: document.getElementById('chat-form'),
    message: document.getElementById('message'),
    send: document.getElementById('send'),
    error: document.getElementById('error'),
    errorTitle: document.getElementById('error-title'),
    errorDetail: document.getElementById('error-detail'),
    errorRequest: document.getElementById('error-request'),
    retry: document.getElementById('retry'),
    totals: document.getElementById('totals'),
    template: document.getElementById('message-template'),
  };

  const state = {
    history: [],
    lastMessage: null,
    totals: { answers: 0, tokens: 0, cost: 0, cacheHits: 0 },
  };

  function addMessage(role, text) {
    const item = els.template.content.firstElementChild.cloneNode(true);
    item.classList.add(role);
    item.querySelector('.text').textContent = text;
    els.conversation.appendChild(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  function setBusy(busy) {
    els.send.disabled = busy;
    els.form.setAttribute('aria-busy', String(busy));
  }

  function showError(problem) {
    els.errorTitle.textContent = problem.title || 'Something went wrong';
    els.errorDetail.textContent = problem.detail || '';
    els.errorRequest.textContent = problem.requestId ? `request ${problem.requestId}` : '';
    els.error.hidden = false;
  }

  function hideError() {
    els.error.hidden = true;
  }

  function historyToSend() {
    const turns = [];
    let size = 0;
    for (let i = state.history.length - 2; i >= 0; i -= 2) {
      const pair = state.history.slice(i, i + 2);
      const pairSize = JSON.stringify(pair).length;
      if (size + pairSize > MAX_HISTORY_CHARS) break;
      turns.unshift(...pair);
      size += pairSize;
    }
    return turns;
  }

  function formatCost(costUsd) {
    if (costUsd === null || costUsd === undefined) return 'unknown';
    const n = Number(costUsd);
    return n === 0 ? '$0' : '$' + n.toPrecision(3);
  }

  function badge(text, kind) {
    const span = document.createElement('span');
    span.className = 'badge' + (kind ? ' ' + kind : '');
    span.textContent = text;
    return span;
  }

  function showMeta(item, reply) {
    const meta = item.querySelector('.meta');
    const field = (name) => meta.querySelector(`[data-field="${name}"]`);
    const model = field('model');
    model.textContent = reply.model || 'none';
    if (reply.fellBack) model.append(' ', badge('fallback', 'warn'));
    if (reply.degraded) model.append(' ', badge('degraded', 'warn'));
    field('tokens').textContent =
      `${reply.usage.inputTokens} in / ${reply.usage.outputTokens} out`;
    field('cost').textContent = formatCost(reply.costUsd);
    field('cache').replaceChildren(reply.fromCache ? badge('hit', 'hit') : badge('miss'));
    const attempts = field('attempts');
    attempts.textContent = String(reply.attempts.length);
    attempts.title = reply.attempts
      .map((a) => `${a.model}${a.region ? '@' + a.region : ''}: ${a.outcome}`)
      .join('\n');
    field('latency').textContent = `${reply.latencyMs} ms`;
    meta.hidden = false;
    if (reply.degraded) item.classList.add('degraded');

    const t = state.totals;
    t.answers += 1;
    t.tokens += reply.usage.totalTokens;
    t.cost += reply.costUsd ? Number(reply.costUsd) : 0;
    if (reply.fromCache) t.cacheHits += 1;
    els.totals.textContent =
      `${t.answers} answer${t.answers === 1 ? '' : 's'} · ${t.tokens} tokens · ` +
      `${formatCost(t.cost)} · ${t.cacheHits} cache hit${t.cacheHits === 1 ? '' : 's'}`;
  }

  function fail(item, problem) {
    item.classList.remove('streaming');
    item.classList.add('failed');
    if (!item.querySelector('.text').textContent) item.remove();
    showError(problem);
    setBusy(false);
  }

  function openStream(message, item, reconnects) {
    const params = new URLSearchParams({ message });
    const history = historyToSend();
    if (history.length) params.set('history', JSON.stringify(history));
    const source = new EventSource('/v1/chat/stream?' + params.toString());
    const text = item.querySelector('.text');
    let opened = false;
    let received = false;
    let finished = false;

    source.addEventListener('open', () => {
      opened = true;
    });

    source.addEventListener('delta', (event) => {
      received = true;
      text.textContent += JSON.parse(event.data).text;
      item.scrollIntoView({ block: 'end' });
    });

    source.addEventListener('done', (event) => {
      finished = true;
      source.close(); // otherwise EventSource reconnects and the question is asked again
      const reply = JSON.parse(event.data);
      text.textContent = reply.text;
      item.classList.remove('streaming');
      showMeta(item, reply);
      if (!reply.degraded) {
        state.history.push({ role: 'user', text: message }, { role: 'assistant', text: reply.text });
      }
      setBusy(false);
    });

    // Both the server's "error" event (problem details in data) and EventSource's own
    // connection errors (no data) arrive here.
    source.addEventListener('error', (event) => {
      if (finished) return;
      if (typeof event.data === 'string') {
        finished = true;
        source.close();
        let problem;
        try {
          problem = JSON.parse(event.data);
        } catch (e) {
          problem = { title: 'Error', detail: event.data };
        }
        fail(item, problem);
        return;
      }
      const refused = !opened && source.readyState === EventSource.CLOSED;
      source.close();
      if (refused) {
        finished = true;
        fail(item, {
          title: 'Request refused',
          detail: 'The service refused the message: it may be too long, you may be sending ' +
            'too fast, or the service is restarting. Try again in a moment.',
        });
        return;
      }
      if (!received && reconnects < MAX_RECONNECTS) {
        setTimeout(() => openStream(message, item, reconnects + 1), 1000 * (reconnects + 1));
        return;
      }
      finished = true;
      fail(item, {
        title: 'Connection lost',
        detail: received
          ? 'The answer was cut off; what arrived is shown above.'
          : 'The service could not be reached. Try again in a moment.',
      });
    });
  }

  function send(message) {
    hideError();
    state.lastMessage = message;
    addMessage('user', message);
    const item = addMessage('assistant', '');
    item.classList.add('streaming');
    setBusy(true);
    openStream(message, item, 0);
  }

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const message = els.message.value.trim();
    if (!message || els.send.disabled) return;
    els.message.value = '';
    send(message);
  });

  els.message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      els.form.requestSubmit();
    }
  });

  els.retry.addEventListener('click', () => {
    if (state.lastMessage && !els.send.disabled) send(state.lastMessage);
  });
})();
