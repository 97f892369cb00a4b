// The seat map page. Everything that came from a user (names) is written with textContent, never as
// markup, so a name such as <script>...</script> shows as the text it is.
'use strict';

const SEAT_MAP_REFRESH_MS = 400;   // live enough to watch a crowd fill the map
const TICKET_POLL_MS = 250;
const CROWD_POLL_MS = 300;

const $ = (id) => document.getElementById(id);
let lastBookedBy = '';
let latestBooking = 0;   // only the latest click's ticket is shown and polled; older ones stop

async function api(method, path, body) {
  const response = await fetch('api/' + path, {
    method,
    headers: body ? {'Content-Type': 'application/json'} : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(json.error || ('HTTP ' + response.status));
  }
  return json;
}

function showError(message) {
  $('error').textContent = message;
}

function renderSeats(map) {
  $('show').textContent = map.show;
  $('mode').textContent = map.line ? 'bookings go through the shared line' : 'bookings go straight to the database';
  const container = $('seatmap');
  container.style.gridTemplateColumns = 'repeat(' + map.perRow + ', 1fr)';
  if (container.children.length !== map.seats.length) {
    container.replaceChildren();
    for (const seat of map.seats) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'seat';
      button.dataset.seat = seat.number;
      const number = document.createElement('span');
      number.className = 'number';
      number.textContent = seat.number;
      const owner = document.createElement('span');
      owner.className = 'owner';
      button.append(number, owner);
      button.addEventListener('click', () => book(seat.number));
      container.append(button);
    }
  }
  map.seats.forEach((seat, i) => {
    const button = container.children[i];
    const owner = button.querySelector('.owner');
    const taken = seat.owner !== null && seat.owner !== undefined;
    if (owner.textContent !== (taken ? seat.owner : '')) {
      owner.textContent = taken ? seat.owner : '';
    }
    button.title = taken ? seat.number + ': taken by ' + seat.owner : seat.number + ': free';
    button.classList.toggle('taken', taken);
    button.classList.toggle('free', !taken);
    button.classList.toggle('mine', taken && seat.owner === lastBookedBy);
    button.dataset.owner = taken ? seat.owner : '';
  });
}

async function refreshSeats() {
  try {
    renderSeats(await api('GET', 'seats'));
  } catch (e) {
    showError('could not load the seat map: ' + e.message);
  }
}

const ANSWERS = {
  BOOKED: 'booked',
  TAKEN: 'taken by someone else',
  BUSY: 'busy, try again',
  FAILED: 'failed: nothing was booked',
  UNKNOWN: 'unknown ticket',
};

function showAnswer(seat, name, answer) {
  const spinner = $('spinner');
  const text = $('answer');
  if (answer.state === 'PROCESSING') {
    $('ticket').textContent = answer.ticket;
    spinner.hidden = false;
    text.textContent = '';
    text.dataset.state = 'PROCESSING';
    return;
  }
  spinner.hidden = true;
  let message = seat + ': ' + ANSWERS[answer.state];
  if (answer.state === 'BOOKED') {
    message += ' for ' + name;
  } else if (answer.state === 'BUSY') {
    message += ' in ' + Math.ceil(answer.retryAfterMillis / 1000) + ' s';
  } else if (answer.state === 'FAILED' && answer.detail) {
    message += ' (' + answer.detail + ')';
  }
  text.textContent = message;
  text.dataset.state = answer.state;
}

async function book(seat) {
  showError('');
  const name = $('name').value;
  const booking = ++latestBooking;
  try {
    let answer = await api('POST', 'book', {name, seat});
    while (booking === latestBooking) {
      showAnswer(seat, name, answer);
      if (answer.state !== 'PROCESSING') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, TICKET_POLL_MS));
      answer = await api('GET', 'tickets/' + encodeURIComponent(answer.ticket));
    }
    if (answer.state === 'BOOKED') {
      lastBookedBy = name.trim();
    }
    await refreshSeats();
  } catch (e) {
    if (booking === latestBooking) {
      $('spinner').hidden = true;
      $('answer').textContent = '';
      $('answer').dataset.state = 'ERROR';
      showError(e.message);
    }
  }
}

function renderCounts(counts) {
  for (const key of ['submitted', 'winners', 'refused', 'busy', 'failed', 'pending']) {
    $(key).textContent = String(counts[key]);
  }
  $('elapsed').textContent = counts.run === 0 ? '-' : (counts.elapsedMillis + ' ms' + (counts.done ? '' : ' so far'));
  const state = $('crowd-state');
  state.textContent = counts.run === 0 ? '' : (counts.done ? 'done: every user has a final answer' : 'running...');
  state.dataset.done = String(counts.done);
  state.dataset.run = String(counts.run);
  $('crowd').disabled = counts.run !== 0 && !counts.done;
}

async function followCrowd() {
  for (;;) {
    const counts = await api('GET', 'crowd');
    renderCounts(counts);
    if (counts.done || counts.run === 0) {
      await refreshSeats();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, CROWD_POLL_MS));
  }
}

$('crowd').addEventListener('click', async () => {
  showError('');
  try {
    renderCounts(await api('POST', 'crowd'));
    await followCrowd();
  } catch (e) {
    showError(e.message);
  }
});

$('reset').addEventListener('click', async () => {
  showError('');
  try {
    renderSeats(await api('POST', 'reset'));
    $('answer').textContent = '';
    $('answer').dataset.state = '';
    renderCounts({run: 0, submitted: 0, winners: 0, refused: 0, busy: 0, failed: 0, pending: 0, done: false});
  } catch (e) {
    showError(e.message);
  }
});

refreshSeats();
setInterval(refreshSeats, SEAT_MAP_REFRESH_MS);
followCrowd().catch((e) => showError(e.message));
