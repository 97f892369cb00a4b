// The metrics page: a table of the booking.* meters, written with textContent only.
'use strict';

async function refreshMeters() {
  try {
    const response = await fetch('api/meters');
    const meters = await response.json();
    const rows = meters.map((meter) => {
      const row = document.createElement('tr');
      for (const text of [meter.name, meter.tags, meter.values]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    });
    document.getElementById('meters').replaceChildren(...rows);
    document.getElementById('none').hidden = meters.length > 0;
    document.getElementById('error').textContent = '';
  } catch (e) {
    document.getElementById('error').textContent = 'could not load the meters: ' + e.message;
  }
}

refreshMeters();
setInterval(refreshMeters, 1000);
