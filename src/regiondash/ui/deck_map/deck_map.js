// The Map page's deck (Streamlit Components v2): draws a pydeck `Deck.to_json()` with deck.gl's
// JSONConverter, from the deck.gl bundle served next to this file (no network), and reports
// to Python (1) the camera once the user's pan, zoom or rotation has settled and (2) a click.
// Python moves the camera by sending a different `camera`; new data alone leaves it where the
// user put it. Without a camera, Python sends the data's `bounds` and the deck frames them for
// its own size (a phone and a wide screen both see every partner); that framing is not reported,
// so a shared link without a camera frames the data on the recipient's screen too.
// Names (the "labels" layer) are placed here, for the size and zoom shown: each tries a few
// spots around its point and is dropped if all overlap a name already placed, except region
// names, which are always shown while few enough are on screen to be read (MAX_ALWAYS_NAMES).
// Tooltips are plain text: deck.gl writes `text` with innerText.

const SETTLE_MS = 300; // report the camera this long after the last move
const FLY_MS = 900;
const FIT_PADDING = { top: 36, bottom: 24, left: 56, right: 56 }; // room for edge names
const instances = new WeakMap(); // parentElement -> { deck, container, ... } across reruns
let loading = null;
// WebGL devices of maps that were unmounted, kept for the tab's next maps. A device keeps the
// shaders it compiled (luma.gl caches them per device), so coming back to the Map, or the next
// slide of a presentation, draws without compiling them again: most of a map's first frame,
// seconds on a laptop that draws WebGL in software. A few only: each holds a WebGL context.
const spareDevices = [];
const MAX_SPARE_DEVICES = 2;

function spareDevice() {
  while (spareDevices.length) {
    const device = spareDevices.pop();
    if (!device.isLost) return device;
    device.destroy();
  }
  return undefined;
}

function keepDevice(device) {
  if (!device) return;
  if (device.isLost || spareDevices.length >= MAX_SPARE_DEVICES) {
    device.destroy();
    return;
  }
  // Off the page until a map takes it: a new deck puts a detached canvas in its own container.
  device.getDefaultCanvasContext().canvas.remove();
  spareDevices.push(device);
}

function loadDeck(url) {
  if (globalThis.deck?.JSONConverter) return Promise.resolve(globalThis.deck);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(url, import.meta.url).href;
      script.onload = () => resolve(globalThis.deck);
      script.onerror = () => {
        loading = null;
        reject(new Error(`deck.gl bundle not loaded from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}

// The camera as the URL keeps it: rounded, longitude wrapped into [-180, 180].
function rounded(view) {
  const lon = ((((view.longitude + 180) % 360) + 360) % 360) - 180;
  return {
    latitude: Math.round(view.latitude * 1e4) / 1e4,
    longitude: Math.round(lon * 1e4) / 1e4,
    zoom: Math.round(view.zoom * 100) / 100,
    pitch: Math.round(view.pitch || 0),
  };
}

function same(a, b) {
  if (!a || !b) return false;
  const x = rounded(a);
  const y = rounded(b);
  return (
    Math.abs(x.latitude - y.latitude) < 2e-4 &&
    Math.abs(x.longitude - y.longitude) < 2e-4 &&
    Math.abs(x.zoom - y.zoom) < 0.02 &&
    Math.abs(x.pitch - y.pitch) < 1
  );
}

// The camera that shows `bounds` ([[west, south], [east, north]]) in a width × height deck.
function fitCamera(deck, bounds, width, height, pitch, minZoom) {
  const scale = Math.min(1, width / 640, height / 400); // less padding on a phone
  const padding = Object.fromEntries(
    Object.entries(FIT_PADDING).map(([side, px]) => [side, Math.round(px * scale)]),
  );
  const viewport = new deck.WebMercatorViewport({ width, height });
  const fitted = viewport.fitBounds(bounds, { padding, maxZoom: 11 });
  return {
    latitude: fitted.latitude,
    longitude: fitted.longitude,
    zoom: Math.max(minZoom, fitted.zoom),
    pitch: pitch || 0,
    bearing: 0,
  };
}

// "{tooltip}" filled from the picked row (or a GeoJSON feature's properties), as text.
function tooltipText(template, object) {
  const row = object.properties || object;
  const text = template.replace(/\{(\w+)\}/g, (_, name) => (row[name] == null ? "" : row[name]));
  return text.trim() ? text : null;
}

// What Python needs of a clicked object: its own fields, never geometry.
function pickedFields(object) {
  const row = object.properties || object;
  const fields = {};
  for (const [name, value] of Object.entries(row)) {
    if (name === "geometry" || name === "polygon" || name === "tooltip") continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      fields[name] = value;
    } else if (Array.isArray(value) && value.every((v) => typeof v !== "object")) {
      fields[name] = value;
    }
  }
  return fields;
}

// Online tiles (only when configured): the MapLibre style's raster source as a TileLayer.
async function tileLayer(deck, styleUrl) {
  if (typeof styleUrl !== "string" || !styleUrl.includes("/")) return null;
  try {
    const style = await (await fetch(styleUrl)).json();
    const source = Object.values(style.sources || {}).find((s) => s.tiles?.length);
    if (!source) return null;
    return new deck.TileLayer({
      id: "online-tiles",
      data: source.tiles[0],
      tileSize: source.tileSize || 256,
      maxZoom: 19,
      renderSubLayers: (props) => {
        const { west, south, east, north } = props.tile.bbox;
        return new deck.BitmapLayer(props, {
          data: null,
          image: props.data,
          bounds: [west, south, east, north],
        });
      },
    });
  } catch {
    return null; // tiles failing leaves the offline outlines
  }
}

// ---- Names: placed for the viewport shown --------------------------------------------------

// Spots tried around a point, in order: [text anchor, baseline, direction x, direction y].
const SPOTS = [
  ["middle", "bottom", 0, -1],
  ["start", "center", 1, 0],
  ["end", "center", -1, 0],
  ["middle", "top", 0, 1],
  ["start", "bottom", 0.7, -0.7],
  ["end", "bottom", -0.7, -0.7],
  ["start", "top", 0.7, 0.7],
  ["end", "top", -0.7, 0.7],
];
const CENTRE = ["middle", "center", 0, 0];
const MARGIN = 2; // px kept between names and from the deck's edges
const LEADER_STEP = 18; // px further out per tier for a region name that found no room
// Past this many region names on screen, crowded ones would cover each other (a package with
// hundreds of partner regions): region names are then placed like the others, the regions with
// the most links first, and dropped where no spot is free.
export const MAX_ALWAYS_NAMES = 40;
let measurer = null;

function textWidth(text, size, font) {
  measurer ||= document.createElement("canvas").getContext("2d");
  measurer.font = `${size}px ${font}`;
  return measurer.measureText(text).width;
}

function boxAt(x, y, width, height, [anchor, baseline, dx, dy], gap) {
  const ox = x + dx * gap;
  const oy = y + dy * gap;
  const left = anchor === "start" ? ox : anchor === "end" ? ox - width : ox - width / 2;
  const top = baseline === "top" ? oy : baseline === "bottom" ? oy - height : oy - height / 2;
  return [left, top, left + width, top + height];
}

function overlap(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + MARGIN;
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + MARGIN;
  return w > 0 && h > 0 ? w * h : 0;
}

// Boxes bucketed by screen cell, so a name is checked against the boxes near it only (with
// thousands of names, checking each against all of them took seconds a placement).
class BoxGrid {
  constructor(cell = 96) {
    this.cell = cell;
    this.buckets = new Map();
    this.stamp = 0;
  }

  *cells(box) {
    const c = this.cell;
    for (let gx = Math.floor(box[0] / c); gx <= Math.floor(box[2] / c); gx++) {
      for (let gy = Math.floor(box[1] / c); gy <= Math.floor(box[3] / c); gy++) {
        yield `${gx},${gy}`;
      }
    }
  }

  add(box, owner = -1) {
    const entry = { box, owner, seen: 0 };
    for (const key of this.cells(box)) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(entry);
      else this.buckets.set(key, [entry]);
    }
  }

  // Total overlap of `box` with the boxes near it, leaving out those of `owner`.
  crowding(box, owner) {
    const stamp = ++this.stamp;
    let sum = 0;
    for (const key of this.cells(box)) {
      for (const entry of this.buckets.get(key) || []) {
        if (entry.seen === stamp || entry.owner === owner) continue;
        entry.seen = stamp;
        sum += overlap(box, entry.box);
      }
    }
    return sum;
  }
}

// Names that fit, highest priority first. Region names (`always`) may also sit further out,
// tied to their point by a leader line, and take their least crowded spot if none is free
// (unless more than MAX_ALWAYS_NAMES of them are on screen). `measure(text, size)` is a text's
// width in px.
export function placeLabels(rows, project, width, height, measure) {
  const inside = (box) =>
    box[0] >= MARGIN && box[1] >= MARGIN && box[2] <= width - MARGIN && box[3] <= height - MARGIN;
  const scale = Math.max(0.8, Math.min(1, width / 700)); // smaller type on a phone
  const points = rows.map((row) => project([row.lon, row.lat]));
  const onScreen = ([x, y]) => x >= 0 && x <= width && y >= 0 && y <= height;
  const regionsShown = rows.filter((row, i) => row.always && onScreen(points[i])).length;
  const crowdAllowed = regionsShown <= MAX_ALWAYS_NAMES;
  // Every named point keeps a small disc free, so no name covers another's marker.
  const placed = new BoxGrid();
  points.forEach(([x, y], index) => placed.add([x - 5, y - 5, x + 5, y + 5], index));
  const order = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => Number(b.row.always) - Number(a.row.always) || b.row.priority - a.row.priority);
  const shown = [];
  for (const { row, index } of order) {
    const [x, y] = points[index];
    if (!onScreen(points[index])) continue;
    const size = row.size * scale;
    const w = measure(row.text, size) + 8; // the text's box has 4 px padding
    const h = size * 1.25 + 4;
    const base = row.gap > 0 ? row.gap : h / 2;
    const tiers = row.always ? [0, 1, 2, 3] : [0];
    let best = null;
    search: for (const tier of tiers) {
      const spots = row.gap > 0 || tier > 0 ? SPOTS : [CENTRE, ...SPOTS];
      for (const spot of spots) {
        const gap = spot === CENTRE ? 0 : base + tier * LEADER_STEP;
        const box = boxAt(x, y, w, h, spot, gap);
        const crowding = placed.crowding(box, index);
        const score = crowding + (inside(box) ? 0 : 1e9) + tier;
        if (!best || score < best.score) best = { box, spot, gap, tier, score };
        if (crowding === 0 && inside(box)) break search;
      }
    }
    if (best.score > best.tier && !(row.always && crowdAllowed)) continue;
    const [anchor, baseline, dx, dy] = best.spot;
    placed.add(best.box);
    shown.push({
      ...row,
      drawSize: size,
      anchor,
      baseline,
      offset: [Math.round(dx * best.gap), Math.round(dy * best.gap)],
      leader: best.tier > 0,
      box: best.box.map(Math.round),
    });
  }
  return shown;
}

function placedLabelLayer(entry) {
  const source = entry.labelSource;
  const viewport = entry.deck?.getViewports()[0];
  if (!source || !viewport) return null;
  const rows = Array.isArray(source.props.data) ? source.props.data : [];
  const font = source.props.fontFamily || "sans-serif";
  const shown = placeLabels(
    rows,
    (position) => viewport.project(position),
    viewport.width,
    viewport.height,
    (text, size) => textWidth(text, size, font),
  );
  entry.labels = shown;
  entry.container.dataset.labels = String(shown.length);
  // A far name's leader line: from its point to the near edge of its box (in map coordinates,
  // so redrawn whenever names are placed).
  const leaders = shown
    .filter((row) => row.leader)
    .map((row) => {
      const [x, y] = viewport.project([row.lon, row.lat]);
      const [left, top, right, bottom] = row.box;
      const end = [Math.max(left, Math.min(x, right)), Math.max(top, Math.min(y, bottom))];
      return { from: [row.lon, row.lat], to: viewport.unproject(end) };
    });
  entry.leaderLayer = leaders.length
    ? new globalThis.deck.LineLayer({
        id: "label-leaders",
        data: leaders,
        getSourcePosition: (d) => d.from,
        getTargetPosition: (d) => d.to,
        getColor: [90, 90, 90, 200],
        getWidth: 1,
        widthUnits: "pixels",
        parameters: { depthCompare: "always", depthWriteEnabled: false },
      })
    : null;
  const key = shown
    .map((r) => `${r.text}|${r.anchor}|${r.baseline}|${r.offset}|${r.drawSize}`)
    .join(";");
  if (key === entry.labelKey && entry.labelLayer) return entry.labelLayer;
  entry.labelKey = key;
  entry.labelLayer = source.clone({
    data: shown,
    getSize: (row) => row.drawSize,
    getTextAnchor: (row) => row.anchor,
    getAlignmentBaseline: (row) => row.baseline,
    getPixelOffset: (row) => row.offset,
    updateTriggers: {
      getSize: key,
      getTextAnchor: key,
      getAlignmentBaseline: key,
      getPixelOffset: key,
    },
    // Names are drawn over arcs and columns, whatever their height.
    parameters: { depthCompare: "always", depthWriteEnabled: false },
  });
  return entry.labelLayer;
}

function withLabels(entry) {
  const labels = placedLabelLayer(entry);
  const layers = [];
  for (const layer of entry.baseLayers) {
    if (layer.id !== "labels" || !labels) layers.push(layer);
    else layers.push(...(entry.leaderLayer ? [entry.leaderLayer, labels] : [labels]));
  }
  return layers;
}

function relabel(entry) {
  if (entry.relabelFrame || !entry.labelSource) return;
  entry.relabelFrame = requestAnimationFrame(() => {
    entry.relabelFrame = 0;
    if (entry.closed || !entry.deck) return;
    const before = entry.labelLayer;
    const hadLeaders = Boolean(entry.leaderLayer);
    const layers = withLabels(entry);
    if (entry.labelLayer !== before || hadLeaders || entry.leaderLayer) {
      entry.deck.setProps({ layers });
    }
  });
}

// ---- Image download: the canvas as drawn, with the legend and sources under it ------------

function wrapLines(context, text, width) {
  const lines = [];
  for (const paragraph of String(text).split("\n")) {
    // Split between words, and between any two CJK characters (no spaces in Chinese).
    const words = paragraph.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) || [""];
    let line = "";
    for (const word of words) {
      if (line && context.measureText(line + word).width > width) {
        lines.push(line.trimEnd());
        line = word.trimStart();
      } else {
        line += word;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

function mapImage(entry) {
  const canvas = entry.container.querySelector("canvas");
  entry.deck.redraw("image"); // draw now: the drawing buffer is readable until this task ends
  const ratio = canvas.width / canvas.clientWidth || 1;
  const image = entry.image || {};
  const width = canvas.width;
  const font = `${Math.round(13 * ratio)}px Noto Sans CJK SC, Noto Sans SC, Source Sans Pro, sans-serif`;
  const pad = Math.round(10 * ratio);
  const lineHeight = Math.round(18 * ratio);
  const out = document.createElement("canvas");
  const context = out.getContext("2d");
  context.font = font;
  const legend = Array.isArray(image.legend) ? image.legend : [];
  const swatch = Math.round(11 * ratio);
  // Legend entries flow left to right, wrapping like words.
  let x = pad;
  let rows = legend.length ? 1 : 0;
  const spots = legend.map((item) => {
    const w = swatch + 6 * ratio + context.measureText(item.label).width + 14 * ratio;
    if (x + w > width - pad && x > pad) {
      x = pad;
      rows += 1;
    }
    const spot = { item, x, row: rows - 1 };
    x += w;
    return spot;
  });
  const notes = wrapLines(context, [image.title, image.footnote].filter(Boolean).join("\n"), width - 2 * pad);
  out.width = width;
  out.height = canvas.height + pad * 2 + (rows + notes.length) * lineHeight;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(canvas, 0, 0);
  context.font = font;
  context.textBaseline = "middle";
  let y = canvas.height + pad + lineHeight / 2;
  for (const { item, x: left, row } of spots) {
    const top = y + row * lineHeight - swatch / 2;
    const [r, g, b] = item.colour;
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.strokeStyle = item.hollow ? `rgb(${r},${g},${b})` : "#777";
    context.lineWidth = item.hollow ? 2 * ratio : ratio;
    context.beginPath();
    if (item.round || item.hollow) {
      context.arc(left + swatch / 2, top + swatch / 2, swatch / 2 - ratio, 0, 2 * Math.PI);
    } else {
      context.rect(left, top, swatch, swatch);
    }
    if (!item.hollow) context.fill();
    context.stroke();
    context.fillStyle = "#1c2733";
    context.fillText(item.label, left + swatch + 6 * ratio, y + row * lineHeight);
  }
  y += rows * lineHeight;
  context.fillStyle = "#444";
  for (const line of notes) {
    context.fillText(line, pad, y);
    y += lineHeight;
  }
  return out;
}

function downloadImage(entry) {
  try {
    const image = mapImage(entry);
    image.toBlob((blob) => {
      if (!blob) return;
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = entry.image?.filename || "map.png";
      entry.container.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    }, "image/png");
  } catch (error) {
    // Online tiles from another origin make the canvas unreadable: say so, keep the map.
    entry.container.dataset.error = String(error);
    console.error("deck_map image", error);
  }
}

function imageButton(entry) {
  let button = entry.container.querySelector("button.deck-map-image");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "deck-map-image";
    button.addEventListener("click", () => entry.deck && downloadImage(entry));
    entry.container.appendChild(button);
  }
  const label = entry.image?.label || "PNG";
  button.textContent = `⤓ ${label}`;
  button.title = label;
  button.hidden = !entry.image;
}

// ---- The deck ----------------------------------------------------------------------------

function lessMotion() {
  return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

function setCamera(entry, view) {
  const camera = rounded(view);
  entry.view = view;
  entry.container.dataset.camera = [
    camera.latitude,
    camera.longitude,
    camera.zoom,
    camera.pitch,
  ].join(",");
}

function scheduleReport(entry) {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    relabel(entry);
    if (entry.dragging || !entry.view) return;
    const camera = rounded(entry.view);
    if (same(camera, entry.pythonCamera) || same(camera, entry.reported)) return;
    if (entry.fitted && !entry.userMoved) {
      entry.fitted = camera; // the framing as the deck settled it (e.g. normalized latitude)
      return;
    }
    if (same(camera, entry.fitted)) return; // the deck's own framing, not the user's
    entry.fitted = null; // the user moved away from the framing
    entry.reported = camera;
    // Python echoes the id of the last report it handled (`data.seen`): until it does, a run
    // it started earlier carries an older camera that must not pull the map back.
    entry.pending = `${entry.id}:${++entry.reports}`;
    entry.setTriggerValue("camera", { ...camera, report: entry.pending });
  }, SETTLE_MS);
}

// Where Python wants the camera: its explicit camera, or the data's bounds fitted to this size.
function wantedCamera(entry, deck, data) {
  if (data.camera || !Array.isArray(data.bounds)) return { bearing: 0, ...data.camera };
  const width = entry.container.clientWidth || 600;
  const height = entry.container.clientHeight || data.height;
  const camera = fitCamera(deck, data.bounds, width, height, data.pitch, data.minZoom ?? 0);
  entry.fitted = rounded(camera);
  entry.userMoved = false;
  entry.fitBounds = JSON.stringify(data.bounds);
  entry.container.dataset.fitted = "1";
  return camera;
}

function refit(entry) {
  // The deck was resized (window, sidebar): frame the data again unless the user moved.
  if (!entry.deck || !entry.fitted || !entry.data || entry.data.camera) return;
  const deck = globalThis.deck;
  const camera = wantedCamera(entry, deck, entry.data);
  setCamera(entry, camera);
  entry.deck.setProps({ initialViewState: camera });
  relabel(entry);
}

async function draw(entry, data) {
  const deck = await loadDeck(data.bundle);
  if (entry.closed) return;
  const spec = { ...deckSpec(data) };
  if (!entry.converter) {
    const classes = Object.fromEntries(
      Object.entries(deck).filter(([, value]) => typeof value === "function"),
    );
    const configuration = new deck.JSONConfiguration({ classes });
    entry.converter = new deck.JSONConverter({ configuration });
  }
  const styleUrl = spec.mapStyle;
  delete spec.mapStyle;
  delete spec.mapProvider;
  const props = entry.converter.convert(spec);
  const tiles = data.tiles ? await tileLayer(deck, styleUrl) : null;
  if (entry.closed) return;
  entry.baseLayers = tiles ? [tiles, ...props.layers] : props.layers;
  entry.labelSource = entry.baseLayers.find((layer) => layer.id === "labels") || null;
  entry.labelLayer = null;
  entry.labelKey = null;
  const previous = entry.data;
  entry.data = data;
  if (!entry.deck) {
    const camera = wantedCamera(entry, deck, data);
    entry.pythonCamera = data.camera;
    setCamera(entry, camera);
    entry.deck = new deck.Deck({
      parent: entry.container,
      device: spareDevice(),
      width: "100%",
      height: "100%",
      views: props.views,
      initialViewState: camera,
      layers: entry.baseLayers.filter((layer) => layer.id !== "labels"),
      getTooltip: ({ object }) => {
        const text = object && tooltipText(entry.tooltip, object);
        return text && { text, style: { whiteSpace: "pre-line", fontSize: "13px" } };
      },
      getCursor: ({ isHovering, isDragging }) =>
        isDragging ? "grabbing" : isHovering ? "pointer" : "grab",
      onClick: ({ layer, object }) => {
        if (layer && object) {
          entry.setTriggerValue("click", { layer: layer.id, object: pickedFields(object) });
        }
      },
      onViewStateChange: ({ viewState }) => {
        setCamera(entry, viewState);
        relabel(entry);
        scheduleReport(entry);
      },
      onInteractionStateChange: (state) => {
        entry.dragging = Boolean(state.isDragging);
        if (state.isDragging || state.isPanning || state.isZooming || state.isRotating) {
          entry.userMoved = true; // only the user's own moves are reported
        }
        scheduleReport(entry);
      },
      onAfterRender: () => {
        entry.container.dataset.frames = String(Number(entry.container.dataset.frames || 0) + 1);
      },
    });
    // Names need the deck's viewport: placed once it exists (next frame).
    relabel(entry);
    entry.resize = new ResizeObserver(() => refit(entry));
    entry.resize.observe(entry.container);
  } else {
    // Python moved the camera (preset, region jump, search, framing asked again or for other
    // data): fly there. The camera the user reported coming back, or the one shown, is no move;
    // nor is any camera of a run Python started before it saw the user's last move (a pan, then
    // a zoom before the pan's rerun came back, would otherwise fly back to the pan).
    const stale = Boolean(entry.pending) && data.seen !== entry.pending;
    if (!stale) entry.pending = null;
    const refitting =
      !data.camera &&
      Array.isArray(data.bounds) &&
      (previous?.camera || !entry.fitted || JSON.stringify(data.bounds) !== entry.fitBounds);
    const moved =
      !stale &&
      (refitting ||
      (data.camera &&
        !same(data.camera, entry.pythonCamera) &&
        !same(data.camera, entry.reported) &&
        !same(data.camera, entry.view)));
    const update = { layers: withLabels(entry) };
    if (moved) {
      const camera = wantedCamera(entry, deck, data);
      // Fly there, or jump for a viewer who asked their system for less motion.
      update.initialViewState = lessMotion()
        ? camera
        : {
            ...camera,
            transitionDuration: FLY_MS,
            transitionInterpolator: new deck.FlyToInterpolator(),
          };
      setCamera(entry, camera);
    }
    if (!stale) {
      if (data.camera) entry.fitted = null;
      entry.pythonCamera = data.camera;
    }
    entry.deck.setProps(update);
  }
  imageButton(entry);
}

// Python sends the deck as a JSON string (ui/deck_map.py `deck_json`): parsed once per data
// object, and Streamlit hands the component the same object while the data stays the same.
const decks = new WeakMap();

function deckSpec(data) {
  if (typeof data.deck !== "string") return data.deck;
  let found = decks.get(data);
  if (!found) {
    found = JSON.parse(data.deck);
    decks.set(data, found);
  }
  return found;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let entry = instances.get(parentElement);
  if (!entry) {
    // A map this element held before was cleaned up: its container goes, or two would show.
    for (const old of parentElement.querySelectorAll(":scope > .deck-map")) old.remove();
    const container = document.createElement("div");
    container.className = "deck-map";
    parentElement.appendChild(container);
    // Tests and the image export read the deck from here (project(), placed names).
    container.regiondash = { entry: () => entry };
    // `id` tells this mount's camera reports from an earlier mount's (one per page visit).
    entry = { container, closed: false, id: Math.random().toString(36).slice(2), reports: 0 };
    instances.set(parentElement, entry);
  }
  entry.setTriggerValue = setTriggerValue;
  entry.tooltip = data.tooltip || "";
  entry.image = data.image || null;
  entry.container.style.height = `${data.height}px`;
  // One draw at a time, in order: the first creates the deck, later ones update it.
  entry.queue = (entry.queue || Promise.resolve())
    .then(() => draw(entry, data))
    .catch((error) => {
      entry.container.dataset.error = String(error);
      console.error("deck_map", error);
    });
  return () => {
    entry.closed = true;
    clearTimeout(entry.timer);
    cancelAnimationFrame(entry.relabelFrame);
    entry.resize?.disconnect();
    // A deck given a device leaves it alive when finalized, and one that made its own does not
    // destroy it either: either way the device can serve the next map.
    const device = entry.deck?.device;
    entry.deck?.finalize();
    keepDevice(device);
    entry.container.remove();
    instances.delete(parentElement);
  };
}
