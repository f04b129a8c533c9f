'use strict';
// The page calls the same REST API as any client; nothing here is loaded from outside the service.
const $ = (id) => document.getElementById(id);
const state = { file: null, timeline: null, models: [], job: null };
const COLOURS = ['#e63946', '#457b9d', '#2a9d8f', '#f4a261', '#6a4c93', '#1982c4', '#8ac926', '#ff595e',
  '#ffca3a', '#6d597a', '#b56576', '#355070', '#43aa8b', '#f3722c', '#577590', '#90be6d', '#f94144',
  '#277da1', '#f8961e', '#4d908e', '#9b5de5'];

function headers() {
  const token = sessionStorage.getItem('actionrec-token');
  return token ? { Authorization: 'Bearer ' + token } : {};
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { message: text }; }
  if (response.status === 401 && !options.retried) {
    const token = window.prompt('This service needs a token');
    if (token) {
      sessionStorage.setItem('actionrec-token', token);
      return api(path, { ...options, retried: true });
    }
  }
  if (!response.ok) {
    const message = body && body.message ? body.message : response.statusText;
    throw new Error(message + ' (' + response.status + (body && body.type ? ' ' + body.type : '') + ')');
  }
  return { status: response.status, body };
}

function showError(e) {
  $('error').textContent = e.message || String(e);
  $('error').hidden = false;
  busy(null);
}

function busy(text, fraction) {
  $('status').textContent = text || '';
  const p = $('progress');
  p.hidden = text == null || fraction == null;
  if (fraction != null) p.value = fraction;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

// A probability as a person reads it: small ones keep a digit that is not zero, the smallest say so.
function percent(p) {
  const v = 100 * p;
  if (v >= 10) return v.toFixed(1) + '%';
  if (v >= 0.1) return v.toFixed(2) + '%';
  if (v >= 0.001) return v.toPrecision(2) + '%';
  return '<0.001%';
}

function setButtons(enabled) {
  for (const id of ['predict', 'timeline', 'explain']) $(id).disabled = !enabled;
}

function colour(label) {
  const i = state.classes ? state.classes.indexOf(label) : -1;
  return COLOURS[(i < 0 ? label.length : i) % COLOURS.length];
}

async function loadModels() {
  try {
    const { body } = await api('/v1/models');
    state.models = body.models;
    const select = $('model');
    select.innerHTML = '';
    for (const m of body.models) {
      const o = document.createElement('option');
      o.value = m.name;
      o.textContent = m.name + ' (' + m.model + ', ' + m.classes + ' classes)';
      select.appendChild(o);
    }
    await describeModel();
  } catch (e) {
    showError(e);
  }
}

async function describeModel() {
  const name = $('model').value;
  if (!name) return;
  const { body } = await api('/v1/models/' + encodeURIComponent(name));
  state.classes = body.classes;
  $('model-info').textContent = 'streams ' + body.streams.join(', ') + ' · backbone ' + body.backbone.name;
}

function chooseFile(file) {
  if (!file) return;
  clearError();
  state.file = file;
  state.timeline = null;
  $('segments').innerHTML = '';
  $('segment-legend').textContent = '';
  $('bars').innerHTML = '';
  $('result-when').textContent = '';
  $('result-help').hidden = false;
  $('explanation').hidden = true;
  const player = $('player');
  player.removeAttribute('src'); // the previous video goes at once, whatever this file turns out to be
  player.load();
  setButtons(true);
  busy(file.name + ' (' + Math.round(file.size / 1024) + ' KiB) ready');
  showVideo(file);
}

// Datasets come as AVI (MPEG-4 part 2, Xvid), which browsers do not play: the service makes a WebM copy. A file
// the browser claims to play but cannot (or that is no video at all) goes the same way, and the service says what
// it is.
function showVideo(file) {
  const player = $('player');
  if (player.canPlayType(file.type || '') !== '') {
    player.onerror = () => {
      player.onerror = null;
      if (state.file === file) previewOnService(file);
    };
    player.src = URL.createObjectURL(file);
    return;
  }
  previewOnService(file);
}

async function previewOnService(file) {
  const player = $('player');
  player.onerror = null;
  try {
    const form = new FormData();
    form.append('video', file, file.name);
    const response = await fetch('/v1/preview', { method: 'POST', body: form, headers: headers() });
    if (state.file !== file) return; // another file was chosen meanwhile
    if (response.ok) {
      player.src = URL.createObjectURL(await response.blob());
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.status === 415 || response.status === 400) {
      // the service cannot read it either: nothing to show or predict, and the page says so once
      player.removeAttribute('src');
      player.load();
      setButtons(false);
      showError(new Error(file.name + ' cannot be recognised: ' + (body.message || response.statusText)
        + ' (' + response.status + ')'));
      busy(file.name + ': not a video this service can read');
      return;
    }
    busy(file.name + ' is ready; this browser cannot play it here (' + (body.message || response.statusText) + ')');
  } catch (e) {
    if (state.file === file) busy(file.name + ' is ready; this browser cannot play it here (' + e.message + ')');
  }
}

function upload() {
  const form = new FormData();
  form.append('video', state.file, state.file.name);
  return form;
}

function renderBars(top, when) {
  const bars = $('bars');
  bars.innerHTML = '';
  $('result-help').hidden = true;
  $('result-when').textContent = when || '';
  for (const c of top) {
    const row = document.createElement('div');
    row.className = 'bar';
    row.dataset.label = c.label;
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = c.label;
    const track = document.createElement('div');
    track.className = 'track';
    const fill = document.createElement('div');
    fill.className = 'fill';
    fill.style.width = (100 * c.probability).toFixed(1) + '%';
    fill.style.background = colour(c.label);
    track.appendChild(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = percent(c.probability);
    row.append(label, track, value);
    bars.appendChild(row);
  }
}

async function predict() {
  clearError();
  busy('Recognising ' + state.file.name + ' …');
  try {
    const top = Math.min(5, state.classes ? state.classes.length : 5);
    const { body } = await api('/v1/models/' + encodeURIComponent($('model').value) + '/predict?top=' + top,
      { method: 'POST', body: upload() });
    renderBars(body.top, '(' + body.frames + ' frames' + (body.warnings.length ? '; ' + body.warnings.join('; ') : '') + ')');
    busy(state.file.name + ': ' + body.label);
  } catch (e) {
    showError(e);
  }
}

async function timeline() {
  clearError();
  busy('Starting a timeline job …', 0);
  try {
    const { body } = await api('/v1/models/' + encodeURIComponent($('model').value) + '/timeline',
      { method: 'POST', body: upload() });
    let job = body;
    state.job = job.url;
    $('cancel').hidden = false;
    $('cancel').disabled = false;
    while (job.state === 'queued' || job.state === 'running') {
      busy('Timeline ' + job.state + ' … ' + Math.round(100 * (job.progress || 0)) + '%', job.progress || 0);
      await new Promise((r) => setTimeout(r, 400));
      job = (await api(body.url)).body;
    }
    state.job = null;
    $('cancel').hidden = true;
    if (job.state === 'cancelled') {
      busy('Timeline cancelled');
      return;
    }
    if (job.state !== 'done') throw new Error('the timeline job ' + job.state + (job.error ? ': ' + job.error.message : ''));
    state.timeline = job.result;
    renderSegments(job.result);
    followPlayer();
    busy('Timeline: ' + job.result.segments.length + ' segments over ' + job.result.duration_s.toFixed(1) + ' s');
  } catch (e) {
    state.job = null;
    $('cancel').hidden = true;
    showError(e);
  }
}

async function cancelJob() {
  if (!state.job) return;
  $('cancel').disabled = true;
  busy('Cancelling the timeline …');
  try {
    await api(state.job, { method: 'DELETE' }); // the polling loop then sees the job cancelled
  } catch (e) {
    showError(e);
  }
}

function renderSegments(t) {
  const bar = $('segments');
  bar.innerHTML = '';
  const duration = t.duration_s || 1;
  for (const s of t.segments) {
    const d = document.createElement('div');
    d.className = 'segment';
    d.style.left = (100 * s.start_s / duration) + '%';
    d.style.width = Math.max(0.5, 100 * (s.end_s - s.start_s) / duration) + '%';
    d.style.background = colour(s.label);
    d.title = s.label + ' ' + s.start_s.toFixed(1) + '–' + s.end_s.toFixed(1) + ' s (' + (100 * s.score).toFixed(0) + '%)';
    d.textContent = s.label;
    d.dataset.label = s.label;
    bar.appendChild(d);
  }
  const cursor = document.createElement('div');
  cursor.className = 'cursor';
  bar.appendChild(cursor);
  $('segment-legend').textContent = t.segments.map((s) => s.label + ' ' + s.start_s.toFixed(1) + '–' + s.end_s.toFixed(1) + ' s').join(' · ');
}

function windowAt(t, time) {
  let best = null;
  for (const w of t.windows) {
    if (w.start_s <= time && time <= w.end_s) {
      const mid = (w.start_s + w.end_s) / 2;
      if (!best || Math.abs(mid - time) < Math.abs((best.start_s + best.end_s) / 2 - time)) best = w;
    }
  }
  return best || t.windows[t.windows.length - 1];
}

function followPlayer() {
  const t = state.timeline;
  if (!t || !t.windows.length) return;
  const time = $('player').currentTime || 0;
  const w = windowAt(t, time);
  renderBars(w.top, 'at ' + time.toFixed(1) + ' s (window ' + w.start_s.toFixed(1) + '–' + w.end_s.toFixed(1) + ' s)');
  const cursor = document.querySelector('#segments .cursor');
  if (cursor) cursor.style.left = (100 * time / (t.duration_s || 1)) + '%';
}

async function explain() {
  clearError();
  busy('Explaining ' + state.file.name + ' …');
  try {
    const { body } = await api('/v1/models/' + encodeURIComponent($('model').value) + '/explain',
      { method: 'POST', body: upload() });
    const box = $('keyframes');
    box.innerHTML = '';
    $('explain-class').textContent = body.label + ' (' + percent(body.probability) + '; ' + body.method + ')'
      + (body.predicted && body.predicted.label !== body.label ? ' · predicted: ' + body.predicted.label + ' ('
        + percent(body.predicted.probability) + ')' : '');
    for (const v of body.views) {
      const fig = document.createElement('figure');
      fig.className = 'keyframe';
      const img = document.createElement('img');
      img.src = 'data:image/png;base64,' + v.image_png;
      img.alt = v.stream + ' keyframe ' + v.keyframe;
      const heat = document.createElement('img');
      heat.className = 'heat';
      heat.src = 'data:image/png;base64,' + v.heatmap_png;
      heat.alt = 'heat map';
      heat.style.opacity = $('opacity').value / 100;
      const cap = document.createElement('figcaption');
      cap.textContent = v.stream + ' · keyframe ' + v.keyframe + ' (frame ' + v.frame + ') · share '
        + (v.share < 0.005 ? 'under 0.5%' : (100 * v.share).toFixed(0) + '%');
      fig.append(img, heat, cap);
      box.appendChild(fig);
    }
    $('explanation').hidden = false;
    busy('Explained ' + body.views.length + ' views');
  } catch (e) {
    showError(e);
  }
}

$('model').addEventListener('change', () => describeModel().catch(showError));
$('file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); chooseFile(e.dataTransfer.files[0]); });
$('predict').addEventListener('click', predict);
$('timeline').addEventListener('click', timeline);
$('explain').addEventListener('click', explain);
$('cancel').addEventListener('click', cancelJob);
$('player').addEventListener('timeupdate', followPlayer);
$('segments').addEventListener('click', (e) => {
  const t = state.timeline;
  if (!t) return;
  const r = $('segments').getBoundingClientRect();
  $('player').currentTime = Math.max(0, Math.min(t.duration_s, (e.clientX - r.left) / r.width * t.duration_s));
  followPlayer();
});
$('opacity').addEventListener('input', () => {
  for (const img of document.querySelectorAll('.keyframe img.heat')) img.style.opacity = $('opacity').value / 100;
});
loadModels();
