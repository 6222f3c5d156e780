import Foundation
import JourneyMap

/// The pages of `serve`: the index, a map's page, and the one script and stylesheet they use.
/// Text from maps is escaped (`DOTText.xml`) or set as text by the script, never as markup;
/// the pictures are our own SVG, whose labels are escaped when drawn.
enum ServePage {
  static func x(_ text: String) -> String { DOTText.xml(text) }

  static func index(_ sessions: [MapSession]) -> String {
    var rows = ""
    for session in sessions {
      let checked = (try? MapFiles.contents(of: session.path))
        .map { JourneyChecker.check($0, file: session.path) }
      let status = checked.map { $0.hasErrors ? "errors" : $0.hasWarnings ? "warnings" : "ok" }
        ?? "unreadable"
      let title = checked.map { MapFacts($0).title } ?? session.path
      rows += "<li class=\"\(status)\"><a href=\"/map/\(session.index)\">\(x(title))</a> "
        + "<code>\(x(session.path))</code> <span class=\"badge\">\(status)</span></li>\n"
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>journeymap serve</title>
      <link rel="stylesheet" href="/assets/app.css"></head>
      <body class="index"><h1>Maps</h1>
      <ul id="maps">
      \(rows)</ul>
      </body></html>

      """
  }

  static func map(_ session: MapSession, token: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>\(x(Render.baseName(session.path))) \u{2014} journeymap</title>
    <link rel="stylesheet" href="/assets/app.css"></head>
    <body data-map="\(session.index)" data-token="\(x(token))">
    <header id="bar">
      <a href="/" class="home">Maps</a>
      <h1 id="title">\(x(Render.baseName(session.path)))</h1>
      <span id="status" class="badge">loading</span>
      <span id="signoff"></span>
      <span class="spacer"></span>
      <button id="undo" type="button" disabled>Undo last capture</button>
      <button id="agenda-toggle" type="button" title="A">Agenda</button>
      <button id="projector-toggle" type="button" title="P">Projector</button>
    </header>
    <div id="message" role="status" hidden></div>
    <pre id="diagnostics" hidden></pre>
    <main id="views">
      <section id="journey-view" class="view" aria-label="journey map"></section>
      <section id="silo-view" class="view" aria-label="silo diagram"></section>
    </main>
    <aside id="agenda" hidden></aside>
    <div id="projector" hidden><div id="slide"></div><div id="slide-info"></div></div>
    <form id="panel" hidden>
      <h2 id="panel-title"></h2>
      <p id="panel-kind"></p>
      <fieldset id="panel-status"><legend>Evidence</legend>
        <button type="button" data-status="assumed">assumed</button>
        <button type="button" data-status="observed">observed</button>
        <button type="button" data-status="validated">validated</button>
        <button type="button" data-status="disputed">disputed</button>
        <button type="button" data-status="proposed">proposed</button>
      </fieldset>
      <fieldset><legend>Add</legend>
        <select id="remark-kind">
          <option value="note">note</option><option value="question">question</option>
          <option value="pain">pain</option><option value="opportunity">opportunity</option>
        </select>
        <input id="remark-text" maxlength="1000" autocomplete="off">
        <button type="button" id="remark-add">Add</button>
      </fieldset>
      <fieldset id="propose"><legend>Propose a touchpoint after it</legend>
        <input id="propose-text" maxlength="1000" autocomplete="off">
        <button type="button" id="propose-add">Propose</button>
      </fieldset>
      <button type="button" id="panel-close">Close</button>
    </form>
    <script src="/assets/app.js"></script>
    </body></html>

    """
  }

  static let style = """
    body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0; color: #1a1a1a; }
    body.index { margin: 2em; }
    #maps li { margin: .4em 0; }
    .badge { font-size: 80%; padding: .1em .5em; border-radius: .6em; background: #e8e8e8; }
    .ok .badge, .badge.ok { background: #d7f0df; }
    .warnings .badge, .badge.warnings { background: #fff0c2; }
    .errors .badge, .badge.errors { background: #ffd6cc; }
    #bar { position: sticky; top: 0; z-index: 3; display: flex; gap: .8em; align-items: center;
      padding: .4em 1em; background: #f6f6f6; border-bottom: 1px solid #ccc; }
    #bar h1 { font-size: 1.1em; margin: 0; }
    #bar .spacer { flex: 1; }
    #signoff { font-weight: bold; font-size: 90%; }
    #signoff.changed { color: #a03000; }
    #message { position: fixed; top: 3em; left: 50%; transform: translateX(-50%); z-index: 5;
      background: #222; color: #fff; padding: .6em 1em; border-radius: .4em; max-width: 70vw; }
    #diagnostics { position: fixed; bottom: 0; left: 0; right: 0; z-index: 4; margin: 0;
      max-height: 40vh; overflow: auto; padding: .8em 1em; background: rgba(255,245,240,.96);
      border-top: 3px solid #d55e00; font-size: 13px; white-space: pre-wrap; }
    #diagnostics.warnings { border-top-color: #e69f00; background: rgba(255,252,235,.96); }
    .view { padding: 1em; overflow: auto; }
    .view svg { max-width: none; height: auto; }
    #journey-view g.step, #journey-view g.stage { cursor: pointer; }
    g.selected { filter: drop-shadow(0 0 4px #0072b2) drop-shadow(0 0 4px #0072b2); }
    #agenda { position: fixed; top: 3em; right: 0; bottom: 0; width: min(36em, 45vw); z-index: 2;
      overflow: auto; background: #fff; border-left: 1px solid #ccc; padding: 0 1em; }
    #panel { position: fixed; left: 1em; bottom: 1em; z-index: 6; width: 22em; background: #fff;
      border: 1px solid #888; border-radius: .4em; padding: .6em 1em;
      box-shadow: 0 .3em 1em rgba(0,0,0,.25); }
    #panel h2 { font-size: 1em; margin: .2em 0; }
    #panel-kind { margin: 0; color: #555; font-size: 90%; }
    #panel fieldset { border: 1px solid #ddd; margin: .4em 0; }
    #panel input { width: 12em; }
    #projector { position: fixed; inset: 0; z-index: 10; background: #fff; }
    #slide { width: 100vw; height: 100vh; display: flex; align-items: center; justify-content: center; }
    #slide svg { width: 100vw; height: 100vh; }
    #slide.dim g.stage:not(.current) { opacity: .35; }
    #slide g.stage.current > polygon { stroke: #0072b2; stroke-width: 3; }
    #slide-info { position: fixed; bottom: .5em; right: 1em; font-size: 18px; color: #555; }
    body.projecting #bar, body.projecting #views { display: none; }
    @media print { #bar, #panel, #views, #diagnostics { display: none; }
      #agenda { position: static; width: auto; border: 0; } }
    """

  static let script = """
    'use strict';
    (function () {
      const body = document.body;
      const MAP = Number(body.dataset.map);
      const TOKEN = body.dataset.token;
      const $ = (id) => document.getElementById(id);
      const views = { journey: $('journey-view'), silo: $('silo-view') };
      let state = null;
      let slides = [];
      let selected = null;   // {step: KEY} or {stage: KEY}
      // For tests and the curious: every state shown, with when it was on the screen.
      const hooks = window.journeymap = { updates: [], slidesShown: 0, stop: 0, stops: [] };

      function connect() {
        const ws = new WebSocket('ws://' + location.host + '/ws/' + MAP);
        ws.onmessage = (event) => {
          const message = JSON.parse(event.data);
          if (message.type === 'state') show(message);
          if (message.type === 'slides') showSlides(message);
        };
        ws.onclose = () => setTimeout(connect, 500);
      }

      function say(text) {
        const box = $('message');
        box.textContent = text;
        box.hidden = !text;
        clearTimeout(say.timer);
        if (text) say.timer = setTimeout(() => { box.hidden = true; }, 6000);
      }

      function show(next) {
        const x = window.scrollX, y = window.scrollY;
        const scrolls = [views.journey.scrollLeft, views.journey.scrollTop,
                         views.silo.scrollLeft, views.silo.scrollTop];
        const before = state;
        state = next;
        // With errors the last good pictures stay, and the diagnostics show over them. A view
        // that did not change is left as it is (the silo diagram after a new note).
        if (next.journey) {
          if (!before || before.journey !== next.journey) views.journey.innerHTML = next.journey;
          if (!before || before.silo !== next.silo) views.silo.innerHTML = next.silo;
          if (!before || before.agenda !== next.agenda) $('agenda').innerHTML = next.agenda;
        } else if (before) {
          next.journey = before.journey; next.silo = before.silo; next.agenda = before.agenda;
        }
        $('title').textContent = next.title;
        document.title = next.title + ' \\u2014 journeymap';
        const status = $('status');
        status.textContent = next.status === 'ok' ? 'check: clean'
          : next.status === 'warnings' ? 'check: warnings' : 'check: errors';
        status.className = 'badge ' + next.status;
        const diagnostics = $('diagnostics');
        diagnostics.textContent = next.diagnostics;
        diagnostics.hidden = next.diagnostics === '';
        diagnostics.className = next.status;
        const signOff = $('signoff');
        signOff.textContent = next.signOff || '';
        signOff.className = next.signOff && next.signOff.includes('changed since') ? 'changed' : '';
        $('undo').disabled = !next.canUndo;
        views.journey.scrollLeft = scrolls[0]; views.journey.scrollTop = scrolls[1];
        views.silo.scrollLeft = scrolls[2]; views.silo.scrollTop = scrolls[3];
        window.scrollTo(x, y);
        markSelected();
        if (!slides.length && projecting()) showStop();
        if (hooks.updates.length >= 100) hooks.updates.shift();
        hooks.updates.push({ version: next.version, status: next.status,
                             renderedAt: next.renderedAt,
                             shownAt: performance.timeOrigin + performance.now() });
      }

      // MARK: capture

      function targetOf(element) {
        const step = element.closest('g.step');
        if (step && step.id.startsWith('step-')) return { step: step.id.slice(5) };
        const label = element.closest('g.stage-label');
        if (label && label.id.endsWith('-label')) return { stage: label.id.slice(6, -6) };
        const stage = element.closest('g.stage');
        if (stage && stage.id.startsWith('stage-')) return { stage: stage.id.slice(6) };
        return null;
      }

      function elementOf(target) {
        if (!target) return null;
        const id = target.step ? 'step-' + target.step : 'stage-' + target.stage;
        return views.journey.querySelector('[id="' + CSS.escape(id) + '"]');
      }

      function markSelected() {
        views.journey.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected'));
        const element = elementOf(selected);
        if (element) element.classList.add('selected');
      }

      function open(target, element) {
        selected = target;
        markSelected();
        const id = target.step ? 'step-' + target.step : 'stage-' + target.stage;
        const label = (state && state.labels && state.labels[id]) || id;
        const cut = label.indexOf(' \\u00B7 ');
        $('panel-title').textContent = cut > 0 ? label.slice(cut + 3) : label;
        $('panel-kind').textContent = cut > 0 ? label.slice(0, cut) : '';
        const kinds = element.getAttribute('class') || '';
        const isTouchpoint = target.step && kinds.includes('touchpoint');
        $('propose').hidden = !isTouchpoint;
        // Pains and opportunities belong to touchpoints only (the language's rule).
        const kind = $('remark-kind');
        Array.from(kind.options).forEach((option) => {
          option.hidden = !isTouchpoint && (option.value === 'pain' || option.value === 'opportunity');
        });
        if (kind.selectedOptions[0] && kind.selectedOptions[0].hidden) kind.value = 'note';
        $('panel').hidden = false;
      }

      views.journey.addEventListener('click', (event) => {
        const target = targetOf(event.target);
        if (!target) return;
        open(target, elementOf(target));
      });

      async function post(path, payload) {
        if (!state) return false;
        const response = await fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Journeymap-Token': TOKEN },
          body: JSON.stringify(Object.assign({ map: MAP, version: state.version }, payload)),
        });
        let reply = {};
        try { reply = await response.json(); } catch (e) { reply = { error: await response.text() }; }
        if (response.ok) {
          say('');
          hooks.lastWrite = reply.version;
          return true;
        }
        say(reply.error || ('the server said ' + response.status));
        if (reply.conflict) {
          // The file changed under us: show it as it is; what was typed stays in the panel.
          const fresh = await fetch('/api/map/' + MAP);
          show(await fresh.json());
        }
        return false;
      }

      function capture(action, value) {
        if (!selected) return Promise.resolve(false);
        return post('/api/capture', Object.assign({ action: action, value: value }, selected));
      }

      $('panel-status').addEventListener('click', (event) => {
        const status = event.target.dataset && event.target.dataset.status;
        if (status) capture('status', status);
      });
      $('remark-add').addEventListener('click', async () => {
        const input = $('remark-text');
        if (await capture($('remark-kind').value, input.value)) input.value = '';
      });
      $('propose-add').addEventListener('click', async () => {
        const input = $('propose-text');
        if (await capture('propose', input.value)) input.value = '';
      });
      $('panel-close').addEventListener('click', () => {
        $('panel').hidden = true;
        selected = null;
        markSelected();
      });
      $('undo').addEventListener('click', () => post('/api/undo', {}));
      $('agenda-toggle').addEventListener('click', () => { $('agenda').hidden = !$('agenda').hidden; });

      // MARK: projector

      function projecting() { return !$('projector').hidden; }

      function showSlides(message) {
        slides = message.slides;
        hooks.slidesShown += 1;
        buildStops();
        if (projecting()) showStop();
      }

      // One stop per stage, on the slide that shows it; the overview first.
      function buildStops() {
        const stops = [{ slide: 0, stage: null, frame: null }];
        const probe = document.createElement('div');
        slides.forEach((svg, index) => {
          if (index === 0) return;
          probe.innerHTML = svg;
          // A stage too long for one slide goes on over the next: `stage-KEY-from-N`.
          const frames = Array.from(probe.querySelectorAll('g.stage')).map((g) => g.id);
          if (!frames.length) stops.push({ slide: index, stage: null, frame: null });
          frames.forEach((frame) => {
            const stage = frame.slice(6).replace(/-from-[0-9]+$/, '');
            stops.push({ slide: index, stage: stage, frame: frame });
          });
        });
        hooks.stops = stops;
        if (hooks.stop >= stops.length) hooks.stop = stops.length - 1;
      }

      function showStop() {
        const box = $('slide');
        const stops = hooks.stops.length ? hooks.stops : [{ slide: 0, stage: null, frame: null }];
        const stop = stops[hooks.stop] || stops[0];
        const svg = slides[stop.slide] || (state && state.journey) || '';
        if (box.dataset.slide !== String(stop.slide) || box.dataset.version !== (state && state.version)) {
          box.innerHTML = svg;
          box.dataset.slide = String(stop.slide);
          box.dataset.version = state ? state.version : '';
        }
        box.classList.toggle('dim', !!stop.stage);
        box.querySelectorAll('g.stage').forEach((g) => {
          g.classList.toggle('current', g.id === stop.frame);
        });
        const root = box.querySelector('svg');
        if (root && root.dataset.viewBox) root.setAttribute('viewBox', root.dataset.viewBox);
        $('slide-info').textContent = stop.stage
          ? 'stage ' + hooks.stop + ' of ' + (stops.length - 1) : 'the whole map';
        hooks.current = stop;
      }

      function move(delta) {
        const count = Math.max(hooks.stops.length, 1);
        hooks.stop = Math.min(Math.max(hooks.stop + delta, 0), count - 1);
        showStop();
      }

      function zoomTo(element) {
        const root = $('slide').querySelector('svg');
        if (!root || !element) return;
        if (!root.dataset.viewBox) root.dataset.viewBox = root.getAttribute('viewBox');
        const box = element.getBBox();
        const margin = Math.max(box.width, box.height) * 0.15;
        root.setAttribute('viewBox', [box.x - margin, box.y - margin,
                                      box.width + 2 * margin, box.height + 2 * margin].join(' '));
        hooks.zoomed = element.id;
      }

      $('slide').addEventListener('click', (event) => {
        const step = event.target.closest('g.step');
        if (step) zoomTo(step);
      });

      function toggleProjector(on) {
        const projector = $('projector');
        projector.hidden = !on;
        body.classList.toggle('projecting', on);
        if (on) {
          showStop();
          if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen().catch(() => {});
          }
        } else if (document.fullscreenElement) {
          document.exitFullscreen().catch(() => {});
        }
      }
      $('projector-toggle').addEventListener('click', () => toggleProjector(true));

      document.addEventListener('keydown', (event) => {
        const typing = event.target.closest && event.target.closest('input, select, textarea');
        if (typing) return;
        if (!projecting()) {
          if (event.key === 'p') toggleProjector(true);
          if (event.key === 'a') $('agenda').hidden = !$('agenda').hidden;
          return;
        }
        switch (event.key) {
          case 'ArrowRight': case 'ArrowDown': case 'PageDown': case ' ': move(1); break;
          case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace': move(-1); break;
          case 'Home': case 'o': case 'w': hooks.stop = 0; showStop(); break;
          case 'End': hooks.stop = Math.max(hooks.stops.length - 1, 0); showStop(); break;
          case 'Escape': case 'p':
            const root = $('slide').querySelector('svg');
            if (root && root.dataset.viewBox && event.key === 'Escape' &&
                root.getAttribute('viewBox') !== root.dataset.viewBox) {
              root.setAttribute('viewBox', root.dataset.viewBox);
              hooks.zoomed = null;
            } else {
              toggleProjector(false);
            }
            break;
          default: return;
        }
        event.preventDefault();
      });

      // Tests: pretend the page loaded an older version of the file.
      hooks.forceVersion = (version) => { state.version = version; };
      connect();
    })();
    """
}
