/// <reference lib="dom" />
import { colourRange, viridis } from './colour-scale.js';

/** What the map draws and reports. */
export interface MapPoints {
  /** points × 2 t-SNE coordinates. */
  readonly xy: Float32Array;
  readonly accuracy: Float32Array;
}

export interface LatentMapEvents {
  /** The pointer moved over point `i` (or off every point: null); `at` is the pointer in page px. */
  readonly onHover: (i: number | null, at: { x: number; y: number }) => void;
  readonly onPick: (i: number) => void;
}

/**
 * The t-SNE map on a canvas: points coloured by accuracy (viridis, best drawn last), wheel or
 * +/− to zoom about the pointer, drag or arrow keys to pan, click (or Enter: the point nearest the
 * middle) to pick.
 */
export class LatentMap {
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private readonly order: Uint32Array;
  private readonly colours: string[];
  private readonly base: { cx: number; cy: number; span: number };
  private selected: number[] = [];
  private hovered: number | null = null;
  readonly range: { readonly low: number; readonly high: number };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly points: MapPoints,
    private readonly events: LatentMapEvents,
  ) {
    const n = points.accuracy.length;
    this.range = colourRange(points.accuracy);
    this.colours = Array.from(points.accuracy, (a) => viridis((a - this.range.low) / (this.range.high - this.range.low)));
    this.order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => points.accuracy[a]! - points.accuracy[b]!);
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = points.xy[2 * i]!,
        y = points.xy[2 * i + 1]!;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    this.base = { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, span: Math.max(maxX - minX, maxY - minY, 1e-9) * 1.06 };
    this.listen();
    this.draw();
  }

  /** Canvas px of point i at the current zoom and pan. */
  toCanvas(i: number): { x: number; y: number } {
    const size = this.canvas.width;
    const x = ((this.points.xy[2 * i]! - this.base.cx) / this.base.span + 0.5) * size;
    const y = (0.5 - (this.points.xy[2 * i + 1]! - this.base.cy) / this.base.span) * size;
    return { x: x * this.scale + this.tx, y: y * this.scale + this.ty };
  }

  /** Page (client) px of point i, for tests and tooltips. */
  toClient(i: number): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    const p = this.toCanvas(i);
    return { x: rect.left + (p.x * rect.width) / this.canvas.width, y: rect.top + (p.y * rect.height) / this.canvas.height };
  }

  /** The nearest point within `radius` canvas px of (x, y), or null. */
  nearest(x: number, y: number, radius = 8): number | null {
    let best: number | null = null;
    let bestD = radius * radius;
    for (let i = 0; i < this.points.accuracy.length; i++) {
      const p = this.toCanvas(i);
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  setSelected(indices: readonly number[]): void {
    this.selected = [...indices];
    this.draw();
  }

  zoom(factor: number, about = { x: this.canvas.width / 2, y: this.canvas.height / 2 }): void {
    const next = Math.min(64, Math.max(1, this.scale * factor));
    const f = next / this.scale;
    this.tx = about.x - f * (about.x - this.tx);
    this.ty = about.y - f * (about.y - this.ty);
    this.scale = next;
    if (next === 1) this.tx = this.ty = 0;
    this.draw();
  }

  pan(dx: number, dy: number): void {
    this.tx += dx;
    this.ty += dy;
    this.draw();
  }

  reset(): void {
    this.scale = 1;
    this.tx = this.ty = 0;
    this.draw();
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    const size = this.canvas.width;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, this.canvas.height);
    const r = Math.min(6, 1.8 * Math.sqrt(this.scale)) * (size / 560);
    for (const i of this.order) {
      const p = this.toCanvas(i);
      if (p.x < -r || p.y < -r || p.x > size + r || p.y > this.canvas.height + r) continue;
      ctx.fillStyle = this.colours[i]!;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (this.selected.length === 2) {
      const [a, b] = this.selected.map((i) => this.toCanvas(i));
      ctx.strokeStyle = '#222';
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(a!.x, a!.y);
      ctx.lineTo(b!.x, b!.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const rings = [
      ...this.selected.map((i, k) => ({ i, colour: k === 0 ? '#d62728' : '#1f77b4', label: k === 0 ? 'A' : 'B' })),
      ...(this.hovered === null ? [] : [{ i: this.hovered, colour: '#000', label: '' }]),
    ];
    for (const { i, colour, label } of rings) {
      const p = this.toCanvas(i);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 5, 0, 2 * Math.PI);
      ctx.stroke();
      if (label) {
        ctx.fillStyle = colour;
        ctx.font = `bold ${Math.round(15 * (size / 560))}px system-ui, sans-serif`;
        ctx.fillText(label, p.x + r + 7, p.y - r - 5);
      }
    }
  }

  private canvasPoint(event: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) * this.canvas.width) / rect.width, y: ((event.clientY - rect.top) * this.canvas.height) / rect.height };
  }

  private listen(): void {
    const c = this.canvas;
    let drag: { x: number; y: number; moved: boolean } | null = null;
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.zoom(e.deltaY < 0 ? 1.25 : 0.8, this.canvasPoint(e));
      },
      { passive: false },
    );
    c.addEventListener('mousedown', (e) => {
      drag = { ...this.canvasPoint(e), moved: false };
    });
    window.addEventListener('mouseup', (e) => {
      if (drag !== null && !drag.moved && e.target === c) {
        const p = this.canvasPoint(e);
        const i = this.nearest(p.x, p.y);
        if (i !== null) this.events.onPick(i);
      }
      drag = null;
    });
    c.addEventListener('mousemove', (e) => {
      const p = this.canvasPoint(e);
      if (drag !== null) {
        const dx = p.x - drag.x;
        const dy = p.y - drag.y;
        if (drag.moved || dx * dx + dy * dy > 9) {
          drag.moved = true;
          this.pan(dx, dy);
          drag.x = p.x;
          drag.y = p.y;
        }
        return;
      }
      const i = this.nearest(p.x, p.y);
      if (i !== this.hovered) {
        this.hovered = i;
        this.draw();
      }
      this.events.onHover(i, { x: e.clientX, y: e.clientY });
    });
    c.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.draw();
      this.events.onHover(null, { x: 0, y: 0 });
    });
    c.addEventListener('keydown', (e) => {
      const step = 40;
      const actions: Record<string, () => void> = {
        ArrowLeft: () => this.pan(step, 0),
        ArrowRight: () => this.pan(-step, 0),
        ArrowUp: () => this.pan(0, step),
        ArrowDown: () => this.pan(0, -step),
        '+': () => this.zoom(1.25),
        '=': () => this.zoom(1.25),
        '-': () => this.zoom(0.8),
        '0': () => this.reset(),
        // pick the point nearest the middle of the view (pan it there first)
        Enter: () => {
          const i = this.nearest(this.canvas.width / 2, this.canvas.height / 2, this.canvas.width / 4);
          if (i !== null) this.events.onPick(i);
        },
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    });
  }
}
