// The Map page's deck (Streamlit Components v2): draws a pydeck `Deck.to_json()` with deck.gl's
// JSONConverter, from the deck.gl bundle served next to this file (no network), and reports
// to Python (1) the camera once the user's pan, zoom or rotation has settled and (2) a click.
// Python moves the camera by sending a different `camera`; new data alone leaves it where the
// user put it. Tooltips are plain text: deck.gl writes `text` with innerText, never HTML.

const SETTLE_MS = 300; // report the camera this long after the last move
const FLY_MS = 900;
const instances = new WeakMap(); // parentElement -> { deck, container, ... } across reruns
let loading = null;

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
    if (entry.dragging || !entry.view) return;
    const camera = rounded(entry.view);
    if (same(camera, entry.pythonCamera) || same(camera, entry.reported)) return;
    entry.reported = camera;
    entry.setTriggerValue("camera", camera);
  }, SETTLE_MS);
}

async function draw(entry, data) {
  const deck = await loadDeck(data.bundle);
  if (entry.closed) return;
  const spec = { ...data.deck };
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
  const layers = tiles ? [tiles, ...props.layers] : props.layers;
  const camera = { bearing: 0, ...data.camera };
  if (!entry.deck) {
    entry.pythonCamera = data.camera;
    setCamera(entry, camera);
    entry.deck = new deck.Deck({
      parent: entry.container,
      width: "100%",
      height: "100%",
      views: props.views,
      initialViewState: camera,
      layers,
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
        scheduleReport(entry);
      },
      onInteractionStateChange: (state) => {
        entry.dragging = Boolean(state.isDragging);
        scheduleReport(entry);
      },
      onAfterRender: () => {
        entry.container.dataset.frames = String(Number(entry.container.dataset.frames || 0) + 1);
      },
    });
  } else {
    const update = { layers };
    // Python moved the camera (preset, region jump, search): fly there. The camera the user
    // reported coming back, or the one already shown, is no move.
    const moved =
      !same(data.camera, entry.pythonCamera) &&
      !same(data.camera, entry.reported) &&
      !same(data.camera, entry.view);
    if (moved) {
      update.initialViewState = {
        ...camera,
        transitionDuration: FLY_MS,
        transitionInterpolator: new deck.FlyToInterpolator(),
      };
      setCamera(entry, camera);
    }
    entry.pythonCamera = data.camera;
    entry.deck.setProps(update);
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let entry = instances.get(parentElement);
  if (!entry) {
    const container = document.createElement("div");
    container.className = "deck-map";
    parentElement.appendChild(container);
    entry = { container, closed: false };
    instances.set(parentElement, entry);
  }
  entry.setTriggerValue = setTriggerValue;
  entry.tooltip = data.tooltip || "";
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
    entry.deck?.finalize();
    instances.delete(parentElement);
  };
}
