import { SECTOR_LABELS } from "~/domain/agency";
import { MOVEMENT_LABELS } from "~/domain/reports/comparison";
import { bandLabel } from "~/domain/scoring";
import type { Band } from "~/domain/tool-schema";
import type { LayoutColumn } from "./layout-writers";

/**
 * The cells every report layout shares: how a band, a movement and a sector read, the column kinds, and
 * the note an anonymised copy carries. Layouts move a model's numbers into cells; none does arithmetic.
 */

/** A published model may carry the anonymisation it was frozen with (publications.server.ts). */
export type Anonymised = { anonymised?: { minGroupSize: number; suppressedSectors: number } };

export const band = (bands: Band[], code: string | null): string => bandLabel(bands, code);
export const movement = (value: keyof typeof MOVEMENT_LABELS | null): string => (value === null ? "Not compared" : MOVEMENT_LABELS[value]);
export const sector = (value: keyof typeof SECTOR_LABELS | "withheld"): string =>
  value === "withheld" ? "Sector not shown (small group)" : SECTOR_LABELS[value];
export const percent = (header: string): LayoutColumn => ({ header, format: "percent", width: 14 });
export const points = (header: string): LayoutColumn => ({ header, format: "points", width: 14 });
export const count = (header: string): LayoutColumn => ({ header, format: "number", width: 12 });

export const ANONYMISED_NOTE = (model: Anonymised) =>
  model.anonymised
    ? [
        `Agencies are anonymised; sectors with fewer than ${model.anonymised.minGroupSize} agencies are not named, and groups smaller than that are not shown.`,
      ]
    : [];
