/**
 * Seeded deterministic PRNG: xoshiro128** on four 32-bit words, seeded through splitmix32. All arithmetic stays in
 * 32-bit integers (Math.imul, >>>), so a draw costs a handful of operations and never touches BigInt.
 *
 * Streams: `Rng.stream(seed, key)` derives an independent generator from the run seed and a key (e.g. an agent id),
 * so adding an agent or changing one agent's rate does not shift the samples every other agent draws.
 */

const TWO_POW_32 = 4294967296;

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash for stream keys. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Box–Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal: number | null = null;

  /** `seed` may be any finite number (integers up to 2^53 keep all their bits). */
  constructor(seed: number, streamKey = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / TWO_POW_32) >>> 0;
    const st = { s: (lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(streamKey >>> 0, 0x85ebca77)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    // An all-zero state would be a fixed point of xoshiro.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  static stream(seed: number, key: string): Rng {
    return new Rng(seed, hashString(key));
  }

  /** Next raw 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1): never 0, so logarithms are safe. */
  next(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32;
  }

  /** Uniform integer in [min, max], both inclusive. */
  uniformInt(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Poisson count: Knuth's product method for small λ, a rounded normal approximation above 30. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  /**
   * Log-normal amount whose own mean and standard deviation are `mean` and `std` (moment-matched, as the SimCash
   * engine does): σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
   */
  logNormalMoments(mean: number, std: number): number {
    if (!(mean > 0) || !(std > 0)) return Math.max(0, mean);
    const sigma2 = Math.log(1 + (std * std) / (mean * mean));
    const mu = Math.log(mean) - sigma2 / 2;
    return Math.exp(mu + Math.sqrt(sigma2) * this.normal());
  }

  /** Exponential with rate λ (mean 1/λ). */
  exponential(lambda: number): number {
    return -Math.log(this.next()) / lambda;
  }

  /** Index drawn with probability proportional to `weights[i]`; -1 when all weights are zero. */
  weightedIndex(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i];
    if (!(sum > 0)) return -1;
    let u = this.next() * sum;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (w <= 0) continue;
      last = i;
      if (u < w) return i;
      u -= w;
    }
    return last; // floating-point leftovers land on the last positive weight
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
