// The supervisor dashboard. One live feed (GET /api/presence/stream, server-sent events read with fetch rather than
// EventSource, because only a reader of the raw stream sees the server's ": keep-alive" comments, and a page that
// cannot see them cannot tell a quiet feed from a dead one). State lives in a Map keyed by user id; events only mark
// agents dirty, and the DOM is written once per animation frame for the rows that changed; one timer a second ticks
// the times in status and judges the feed's freshness. Data reaches the DOM through textContent only. One file in
// sections (feed, rendering, indicator, filters), as there is no build step to join modules for old browsers.
'use strict';

const FEED_URL = '/api/presence/stream';
const STALE_AFTER_MS = 30_000;     // nothing at all, not even a keep-alive, for this long: the data is stale
const ABANDON_AFTER_MS = 45_000;   // ...and for this long: the connection is presumed dead and a new one opened
const FIRST_RETRY_MS = 2_000;      // until the server's "retry:" says otherwise
const MAX_RETRY_MS = 30_000;
const OPTIONAL_FIELDS = ['queueName', 'wrapUpCode'];   // columns hidden when the feed does not send them

// Status names are the tenant's own; the tone (colour) is chosen from the name, and the name is always shown.
const TONES = [
    ['available', /^available$/i],
    ['busy', /inbound|outbound|working|contact|busy|call|chat|talk|dial|email|voice/i],
    ['wrapup', /acw|wrap/i],
    ['away', /unavailable|break|lunch|away|meeting|training|aux|idle|hold/i],
    ['offline', /logged.?out|logout|offline|off.?line/i],
];
const TONE_RANK = new Map(TONES.map(([tone], index) => [tone, index]));

const view = {
    rows: document.getElementById('rows'),
    table: document.getElementById('agents'),
    template: document.getElementById('row-template'),
    counts: document.getElementById('counts'),
    countAll: document.getElementById('count-all'),
    countAllValue: document.getElementById('count-all-value'),
    queueFilter: document.getElementById('queue-filter'),
    search: document.getElementById('search'),
    filters: document.getElementById('filters'),
    shown: document.getElementById('shown'),
    empty: document.getElementById('empty'),
    connection: document.getElementById('connection'),
    connectionLabel: document.getElementById('connection-label'),
    connectionDetail: document.getElementById('connection-detail'),
    asOf: document.getElementById('as-of'),
    sortHeaders: [...document.querySelectorAll('th[data-sort]')],
};

const agents = new Map();        // userId -> {user, since, row, cells, visible, timeText}
const dirty = new Set();         // agents whose row must be rewritten at the next frame
const statusTiles = new Map();   // status -> {button, value, tone}
const queues = new Set();
const filters = {statuses: new Set(), queue: '', search: ''};
const sort = {key: 'userId', direction: 1};
const frame = {requested: false, filtersChanged: true, orderChanged: true, snapshotSeen: false};

const feed = {
    open: false, everOpened: false, attempt: 0, retryMs: FIRST_RETRY_MS, lastEventId: null,
    lastActivity: 0, lastData: 0, clockOffset: 0, abort: null, timer: null,
    upstream: {connected: true, lastError: null},
    shownState: null, shownDetail: null,
};

// ---- the feed --------------------------------------------------------------------------------------------------

async function connect() {
    feed.timer = null;
    const controller = new AbortController();
    feed.abort = controller;
    const headers = {Accept: 'text/event-stream'};
    if (feed.lastEventId !== null) {
        headers['Last-Event-ID'] = feed.lastEventId;
    }
    try {
        const response = await fetch(FEED_URL, {headers, cache: 'no-store', signal: controller.signal});
        const type = response.headers.get('Content-Type') || '';
        if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
            throw new Error(`feed answered ${response.status}`);
        }
        feed.clockOffset = clockOffset(response.headers.get('Date'));
        feed.open = true;
        feed.everOpened = true;
        feed.attempt = 0;
        feed.lastActivity = Date.now();
        showConnection();
        const parser = sseParser(onFeedEvent);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
            const {value, done} = await reader.read();
            if (done) {
                break;
            }
            feed.lastActivity = Date.now();
            parser(value);
        }
    } catch (error) {
        // a refused, dropped or abandoned connection: all end in the same reconnect below
    }
    if (feed.abort === controller) {
        feed.abort = null;
        feed.open = false;
        scheduleReconnect();
    }
}

function scheduleReconnect() {
    const ceiling = Math.min(MAX_RETRY_MS, feed.retryMs * 2 ** Math.min(feed.attempt, 10));
    const delay = ceiling / 2 + Math.random() * ceiling / 2;   // jitter: a room of screens does not retry in step
    feed.attempt++;
    feed.timer = setTimeout(connect, delay);
    showConnection();
}

function abandonConnection() {
    const controller = feed.abort;
    feed.abort = null;
    feed.open = false;
    controller.abort();
    scheduleReconnect();
}

// The server's clock, from its Date header, when the browser's is more than 2 s off: times in status are then right
// even on a workstation whose clock drifts.
function clockOffset(dateHeader) {
    const serverNow = Date.parse(dateHeader || '');
    const offset = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
    return Math.abs(offset) > 2_000 ? offset : 0;
}

// The text/event-stream format (the parts the feed uses: id, event, data, retry, comments), fed chunk by chunk.
function sseParser(dispatch) {
    let buffer = '';
    let event = {type: '', data: []};
    return chunk => {
        buffer += chunk;
        let start = 0;
        let end;
        while ((end = buffer.indexOf('\n', start)) >= 0) {
            let line = buffer.slice(start, end);
            start = end + 1;
            if (line.endsWith('\r')) {
                line = line.slice(0, -1);
            }
            if (line === '') {
                if (event.data.length > 0) {
                    dispatch(event.type || 'message', event.data.join('\n'));
                }
                event = {type: '', data: []};
            } else if (line[0] !== ':') {
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                let value = colon < 0 ? '' : line.slice(colon + 1);
                if (value[0] === ' ') {
                    value = value.slice(1);
                }
                if (field === 'data') {
                    event.data.push(value);
                } else if (field === 'event') {
                    event.type = value;
                } else if (field === 'id' && !value.includes('\0')) {
                    feed.lastEventId = value;
                } else if (field === 'retry' && /^\d+$/.test(value)) {
                    feed.retryMs = Number(value);
                }
            }
        }
        buffer = buffer.slice(start);
    };
}

function onFeedEvent(type, data) {
    let message;
    try {
        message = JSON.parse(data);
    } catch (error) {
        return;
    }
    if (type === 'snapshot') {
        applySnapshot(message);
    } else if (type === 'updates' && Array.isArray(message.updates)) {
        message.updates.forEach(upsert);
    } else if (type === 'upstream') {
        applyUpstream(message);
    } else {
        return;
    }
    feed.lastData = Date.now();
    showConnection();
}

function applyUpstream(upstream) {
    feed.upstream = {connected: upstream.connected !== false, lastError: upstream.lastError ?? null};
}

function applySnapshot(snapshot) {
    const users = Array.isArray(snapshot.users) ? snapshot.users : [];
    const present = new Set(users.map(user => user.userId));
    for (const [userId, agent] of agents) {
        if (!present.has(userId)) {
            agent.row.remove();
            agents.delete(userId);
            dirty.delete(agent);
        }
    }
    users.forEach(user => upsert(user, true));
    if (Array.isArray(snapshot.fields)) {
        showFields(snapshot.fields);
    }
    if (snapshot.upstream) {
        applyUpstream(snapshot.upstream);
    }
    frame.snapshotSeen = true;
    frame.filtersChanged = true;
    requestFrame();
}

function upsert(user, authoritative = false) {
    if (!user || typeof user.userId !== 'string') {
        return;
    }
    let agent = agents.get(user.userId);
    if (!agent) {
        agent = newAgent(user.userId);
        agents.set(user.userId, agent);
        frame.orderChanged = true;
    } else if (!authoritative && user.sequence < agent.user.sequence) {
        return;   // older than what is shown (a replay can overlap a snapshot)
    }
    agent.user = user;
    agent.since = Date.parse(user.updatedAt);
    dirty.add(agent);
    requestFrame();
}

function newAgent(userId) {
    const row = view.template.content.firstElementChild.cloneNode(true);
    const [agent, status, queue, wrapUp, time] = row.cells;
    agent.textContent = userId;
    return {
        user: {userId}, since: NaN, titleSince: undefined, row, visible: null, timeText: '',
        cells: {status, badge: status.firstElementChild, statusText: status.querySelector('.badge-text'),
            queue, wrapUp, time},
    };
}

// ---- rendering, once per frame ---------------------------------------------------------------------------------

function requestFrame() {
    if (!frame.requested) {
        frame.requested = true;
        requestAnimationFrame(render);
    }
}

function render() {
    frame.requested = false;
    const now = serverNow();
    for (const agent of dirty) {
        writeRow(agent, now);
    }
    const refilter = frame.filtersChanged;
    for (const agent of refilter ? agents.values() : dirty) {
        const visible = matches(agent);
        if (visible !== agent.visible) {
            agent.row.hidden = !visible;
            agent.visible = visible;
            if (visible) {
                writeTime(agent, now);   // the tick skips hidden rows
            }
        }
    }
    if (frame.orderChanged || (dirty.size > 0 && sort.key !== 'userId')) {
        reorder();
    }
    if (dirty.size > 0 || refilter || frame.orderChanged) {
        renderCounts();
    }
    dirty.clear();
    frame.filtersChanged = false;
    frame.orderChanged = false;
}

function writeRow(agent, now) {
    const {user, cells} = agent;
    const status = user.status ?? 'Unknown';
    if (cells.statusText.textContent !== status) {
        cells.statusText.textContent = status;
        cells.badge.className = `badge tone-${toneOf(status)}`;
    }
    setOptionalText(cells.queue, user.queueName);
    setOptionalText(cells.wrapUp, user.wrapUpCode);
    if (agent.since !== agent.titleSince) {
        agent.titleSince = agent.since;
        cells.time.title = Number.isNaN(agent.since) ? '' : `Since ${new Date(agent.since).toLocaleTimeString()}`;
    }
    writeTime(agent, now);
    if (user.queueName && !queues.has(user.queueName)) {
        queues.add(user.queueName);
        renderQueueOptions();
    }
}

function writeTime(agent, now) {
    const text = Number.isNaN(agent.since) ? '—' : formatDuration(now - agent.since);
    if (text !== agent.timeText) {
        agent.timeText = text;
        agent.cells.time.textContent = text;
    }
}

function setText(element, text) {
    if (element.textContent !== text) {
        element.textContent = text;
    }
}

function setOptionalText(cell, value) {
    const text = value ?? '—';
    if (cell.textContent !== text) {
        cell.textContent = text;
        cell.classList.toggle('blank', value == null);
    }
}

function formatDuration(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor(seconds / 60) % 60;
    const s = String(seconds % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function toneOf(status) {
    const match = TONES.find(([, pattern]) => pattern.test(status));
    return match ? match[0] : 'other';
}

function matchesQueueAndSearch(agent) {
    return (filters.queue === '' || agent.user.queueName === filters.queue)
        && (filters.search === '' || agent.user.userId.toLowerCase().includes(filters.search));
}

function matches(agent) {
    return matchesQueueAndSearch(agent)
        && (filters.statuses.size === 0 || filters.statuses.has(agent.user.status ?? 'Unknown'));
}

const COMPARE = {
    userId: () => 0,
    status: (a, b) => compareStatus(a.user.status ?? 'Unknown', b.user.status ?? 'Unknown'),
    queueName: (a, b) => compareText(a.user.queueName, b.user.queueName),
    wrapUpCode: (a, b) => compareText(a.user.wrapUpCode, b.user.wrapUpCode),
    since: (a, b) => (b.since || 0) - (a.since || 0),   // time in status: an earlier start is a longer time
};

function compareText(a, b) {
    if (a === b) {
        return 0;
    }
    if (a == null || b == null) {
        return a == null ? 1 : -1;   // blanks last
    }
    return a < b ? -1 : 1;
}

function compareStatus(a, b) {
    return (TONE_RANK.get(toneOf(a)) ?? TONES.length) - (TONE_RANK.get(toneOf(b)) ?? TONES.length) || compareText(a, b);
}

// Moves only the rows out of place: in id order that is none once the snapshot is in.
function reorder() {
    const compare = COMPARE[sort.key];
    const sorted = [...agents.values()].sort((a, b) =>
        sort.direction * compare(a, b) || compareText(a.user.userId, b.user.userId));
    let cursor = view.rows.firstElementChild;
    for (const agent of sorted) {
        if (agent.row === cursor) {
            cursor = cursor.nextElementSibling;
        } else {
            view.rows.insertBefore(agent.row, cursor);
        }
    }
}

// Counts per status among the agents of the chosen queue and search (the status filter is what the tiles choose).
function renderCounts() {
    const counts = new Map();
    let total = 0;
    let shown = 0;
    for (const agent of agents.values()) {
        if (agent.visible) {
            shown++;
        }
        if (matchesQueueAndSearch(agent)) {
            const status = agent.user.status ?? 'Unknown';
            counts.set(status, (counts.get(status) || 0) + 1);
            total++;
        }
    }
    let added = false;
    for (const status of counts.keys()) {
        if (!statusTiles.has(status)) {
            statusTiles.set(status, newTile(status));
            added = true;
        }
    }
    if (added) {
        const ordered = [...statusTiles.keys()].sort(compareStatus);
        ordered.forEach(status => view.counts.append(statusTiles.get(status).item));
    }
    for (const [status, tile] of statusTiles) {
        setText(tile.value, (counts.get(status) || 0).toLocaleString());
        const pressed = String(filters.statuses.has(status));
        if (tile.button.getAttribute('aria-pressed') !== pressed) {
            tile.button.setAttribute('aria-pressed', pressed);
        }
    }
    setText(view.countAllValue, total.toLocaleString());
    view.countAll.setAttribute('aria-pressed', String(filters.statuses.size === 0));
    setText(view.shown, agents.size === 0 ? '' : `Showing ${shown.toLocaleString()} of ${agents.size.toLocaleString()} agents`);
    view.empty.hidden = shown > 0;
    setText(view.empty, !frame.snapshotSeen ? 'Waiting for the first data…'
        : agents.size === 0 ? 'No agent has reported a status yet.' : 'No agent matches these filters.');
}

function newTile(status) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `count tone-${toneOf(status)}`;
    button.dataset.status = status;
    button.setAttribute('aria-pressed', 'false');
    const value = document.createElement('span');
    value.className = 'count-value';
    const label = document.createElement('span');
    label.className = 'count-label';
    label.textContent = status;
    button.append(value, label);
    item.append(button);
    button.addEventListener('click', () => {
        if (!filters.statuses.delete(status)) {
            filters.statuses.add(status);
        }
        filtersChanged();
    });
    return {item, button, value};
}

function renderQueueOptions() {
    const chosen = view.queueFilter.value || filters.queue;
    const options = [...queues].sort().map(queue => new Option(queue, queue));
    view.queueFilter.replaceChildren(new Option('All queues', ''), ...options);
    view.queueFilter.value = queues.has(chosen) ? chosen : '';
}

function showFields(fields) {
    for (const field of OPTIONAL_FIELDS) {
        view.table.classList.toggle(`hide-${field}`, !fields.includes(field));
    }
}

// ---- the connection indicator and the one-second tick ---------------------------------------------------------

function connectionState(now) {
    if (!feed.open) {
        return feed.everOpened || feed.attempt > 0
            ? ['reconnecting', 'Reconnecting', 'The live feed dropped; trying again']
            : ['connecting', 'Connecting', 'Opening the live feed'];
    }
    if (!feed.upstream.connected) {
        const why = feed.upstream.lastError ? ` (${feed.upstream.lastError})` : '';
        return ['stale', 'Stale', `The product's CXone connection is down${why}`];
    }
    if (now - feed.lastActivity > STALE_AFTER_MS) {
        return ['stale', 'Stale', `Nothing from the server for ${Math.round(STALE_AFTER_MS / 1000)} s`];
    }
    return ['live', 'Live', 'Updates as they happen'];
}

function showConnection() {
    const now = Date.now();
    const [state, label, detail] = connectionState(now);
    if (state !== feed.shownState || detail !== feed.shownDetail) {
        feed.shownState = state;
        feed.shownDetail = detail;
        view.connection.dataset.state = state;
        view.connectionLabel.textContent = label;
        view.connectionDetail.textContent = detail;
        document.title = state === 'live' ? 'Agent presence' : `${label} · Agent presence`;
    }
    setText(view.asOf, feed.lastData ? `Data as of ${new Date(feed.lastData).toLocaleTimeString()}` : '');
}

function tick() {
    const now = Date.now();
    if (feed.open && feed.abort && now - feed.lastActivity > ABANDON_AFTER_MS) {
        abandonConnection();
    }
    showConnection();
    const serverTime = serverNow();
    for (const agent of agents.values()) {
        if (agent.visible) {
            writeTime(agent, serverTime);
        }
    }
    if (sort.key === 'since') {
        requestFrame();
    }
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

function serverNow() {
    return Date.now() + feed.clockOffset;
}

// ---- filters, sorting and their place in the address (a wall screen keeps its view across reloads) -------------

function filtersChanged() {
    frame.filtersChanged = true;
    saveView();
    requestFrame();
}

// A second click on a column turns its order round; time in status starts with the longest.
function sortBy(key) {
    applySort(key, sort.key === key ? -sort.direction : (key === 'since' ? -1 : 1));
    saveView();
}

function applySort(key, direction) {
    sort.key = key;
    sort.direction = direction;
    for (const header of view.sortHeaders) {
        if (header.dataset.sort === key) {
            header.setAttribute('aria-sort', sort.direction > 0 ? 'ascending' : 'descending');
        } else {
            header.removeAttribute('aria-sort');
        }
    }
    frame.orderChanged = true;
    requestFrame();
}

function saveView() {
    const params = new URLSearchParams();
    if (filters.statuses.size > 0) {
        params.set('status', [...filters.statuses].join(','));
    }
    if (filters.queue) {
        params.set('queue', filters.queue);
    }
    if (filters.search) {
        params.set('q', filters.search);
    }
    if (sort.key !== 'userId' || sort.direction < 0) {
        params.set('sort', (sort.direction < 0 ? '-' : '') + sort.key);
    }
    const hash = params.toString();
    history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function restoreView() {
    const params = new URLSearchParams(location.hash.slice(1));
    (params.get('status') || '').split(',').filter(Boolean).forEach(status => filters.statuses.add(status));
    filters.queue = params.get('queue') || '';
    filters.search = (params.get('q') || '').trim().toLowerCase();
    view.search.value = filters.search;
    if (filters.queue) {
        queues.add(filters.queue);
        renderQueueOptions();
    }
    const sortParam = params.get('sort') || '';
    const key = sortParam.replace(/^-/, '');
    if (key in COMPARE) {
        applySort(key, sortParam.startsWith('-') ? -1 : 1);
    }
}

function wireControls() {
    view.filters.addEventListener('submit', event => event.preventDefault());
    view.filters.addEventListener('reset', () => {
        filters.statuses.clear();
        filters.queue = '';
        filters.search = '';
        filtersChanged();
    });
    view.queueFilter.addEventListener('change', () => {
        filters.queue = view.queueFilter.value;
        filtersChanged();
    });
    view.search.addEventListener('input', () => {
        filters.search = view.search.value.trim().toLowerCase();
        filtersChanged();
    });
    view.countAll.addEventListener('click', () => {
        filters.statuses.clear();
        filtersChanged();
    });
    for (const header of view.sortHeaders) {
        header.querySelector('button').addEventListener('click', () => sortBy(header.dataset.sort));
    }
    document.addEventListener('keydown', event => {
        const typing = event.target.closest('input, select, textarea');
        if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
            event.preventDefault();
            view.search.focus();
        }
    });
}

restoreView();
wireControls();
showConnection();
requestFrame();
connect();
tick();
