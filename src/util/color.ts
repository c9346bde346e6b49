import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colors only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsFor(isTTY: boolean): Colors {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return pc.createColors(isTTY && !noColor && process.env.TERM !== 'dumb');
}
