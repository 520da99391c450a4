/**
 * The Moré–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`), the one L-BFGS-B 3.0 and SciPy
 * use: it finds a step satisfying the strong Wolfe conditions
 *
 *   f(stp) ≤ f(0) + ftol·stp·f'(0)   and   |f'(stp)| ≤ gtol·|f'(0)|
 *
 * by safeguarded cubic/quadratic interpolation inside [stpmin, stpmax]. It is written as a
 * state machine driven by the caller (reverse communication), because L-BFGS-B evaluates the
 * objective itself between steps.
 */

/** What the caller should do next. */
export type LineSearchTask = 'evaluate' | 'converged' | 'warning' | 'error';

/** Settings of one search; L-BFGS-B uses ftol 1e-3, gtol 0.9, xtol 0.1, stpmin 0. */
export interface LineSearchSettings {
  readonly ftol: number;
  readonly gtol: number;
  readonly xtol: number;
  readonly stpmin: number;
  readonly stpmax: number;
}

const XTRAPL = 1.1;
const XTRAPU = 4;

export class MoreThuenteLineSearch {
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;
  /** The current trial step; read it after `start`/`next` return 'evaluate'. */
  stp = 0;
  /** Why the search stopped with 'warning' or 'error'. */
  message = '';

  constructor(private readonly settings: LineSearchSettings) {}

  /** Begin at step `stp` with f(0) = `f` and f'(0) = `g` (must be negative). */
  start(stp: number, f: number, g: number): LineSearchTask {
    const { ftol, gtol, xtol, stpmin, stpmax } = this.settings;
    this.stp = stp;
    if (stp < stpmin) return this.fail('stp < stpmin');
    if (stp > stpmax) return this.fail('stp > stpmax');
    if (g >= 0) return this.fail('initial g >= 0');
    if (ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin) return this.fail('invalid settings');
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = ftol * g;
    this.width = stpmax - stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + XTRAPU * stp;
    return 'evaluate';
  }

  /** Report f(stp) and f'(stp) for the step last handed out. */
  next(f: number, g: number): LineSearchTask {
    const { gtol, xtol, stpmin, stpmax } = this.settings;
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) return this.warn('rounding errors prevent progress');
    if (this.brackt && this.stmax - this.stmin <= xtol * this.stmax) return this.warn('xtol test satisfied');
    if (stp === stpmax && f <= ftest && g <= this.gtest) return this.warn('stp = stpmax');
    if (stp === stpmin && (f > ftest || g >= this.gtest)) return this.warn('stp = stpmin');
    if (f <= ftest && Math.abs(g) <= gtol * -this.ginit) return 'converged';

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // a modified function (f − stp·gtest) keeps the first stage's interpolation from
      // overshooting while no point of sufficient decrease has been found
      const gt = this.gtest;
      const r = dcstep(
        this.stx,
        this.fx - this.stx * gt,
        this.gx - gt,
        this.sty,
        this.fy - this.sty * gt,
        this.gy - gt,
        stp,
        f - stp * gt,
        g - gt,
        this.brackt,
        this.stmin,
        this.stmax,
      );
      this.apply(r);
      this.fx = r.fx + this.stx * gt;
      this.fy = r.fy + this.sty * gt;
      this.gx = r.dx + gt;
      this.gy = r.dy + gt;
    } else {
      const r = dcstep(this.stx, this.fx, this.gx, this.sty, this.fy, this.gy, stp, f, g, this.brackt, this.stmin, this.stmax);
      this.apply(r);
      this.fx = r.fx;
      this.fy = r.fy;
      this.gx = r.dx;
      this.gy = r.dy;
    }
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, stpmin), stpmax);
    if ((this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= xtol * this.stmax)) {
      this.stp = this.stx;
    }
    return 'evaluate';
  }

  private apply(r: StepResult): void {
    this.stx = r.stx;
    this.sty = r.sty;
    this.stp = r.stp;
    this.brackt = r.brackt;
  }

  private fail(message: string): LineSearchTask {
    this.message = message;
    return 'error';
  }

  private warn(message: string): LineSearchTask {
    this.message = message;
    return 'warning';
  }
}

interface StepResult {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/**
 * One safeguarded step (MINPACK-2 `dcstep`): update the interval of uncertainty [stx, sty]
 * with the trial (stp, fp, dp) and propose the next trial step.
 */
function dcstep(
  stx: number,
  fx: number,
  dx: number,
  sty: number,
  fy: number,
  dy: number,
  stp: number,
  fp: number,
  dp: number,
  brackt: boolean,
  stpmin: number,
  stpmax: number,
): StepResult {
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // higher function value: the minimum is bracketed; cubic or cubic/quadratic average
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (sgnd < 0) {
    // derivatives of opposite sign: bracketed; cubic or secant step
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // same sign, the derivative magnitude decreases
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (brackt) {
    // same sign, the derivative magnitude does not decrease: cubic step towards sty
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, stp: stpf, brackt };
}
