import type { Band } from "~/domain/tool-schema";
import { formatPercent, scoreNote, type ScoreCap } from "~/domain/scoring";

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white text, whichever contrasts more with the band's colour (WCAG 1.4.3). */
function textClass(colour: string): string {
  const l = luminance(colour);
  const onBlack = (l + 0.05) / 0.05;
  const onWhite = 1.05 / (l + 0.05);
  return onBlack >= onWhite ? "app-band--dark-text" : "app-band--light-text";
}

/**
 * A band shown as its label on its colour: the label carries the meaning, the colour repeats it
 * (WCAG 1.4.1, colour is never the only carrier). Optionally with the percentage (never rounded up to a
 * band minimum it is below) and, where an essential item lowered the band or an overall has unmet
 * essentials, the reason beside it (DESIGN §5: a shown percentage never contradicts its band unexplained).
 */
export function BandLabel({
  bands,
  code,
  percent,
  showPercent = false,
  cap,
  unmetEssentials = 0,
}: {
  bands: Band[];
  code: string | null;
  percent?: number | null;
  showPercent?: boolean;
  cap?: ScoreCap;
  unmetEssentials?: number;
}) {
  const band = bands.find((candidate) => candidate.code === code);
  if (!band) return <span className="govuk-body-s">Not scored</span>;
  const note = scoreNote(cap, unmetEssentials);
  return (
    <>
      <span className={`app-band ${textClass(band.colour)}`} style={{ backgroundColor: band.colour }}>
        {band.label}
        {showPercent && percent !== undefined ? ` (${formatPercent(percent ?? null, bands)})` : null}
      </span>
      {note ? <span className="govuk-body-s app-band-note">{note}</span> : null}
    </>
  );
}
