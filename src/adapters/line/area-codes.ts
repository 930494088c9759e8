import type { LineAreaCode } from "./types.js";

/**
 * LINE narrowcast area codes and how ISO 3166 codes map to them. The codes are the
 * `AreaDemographic` enum of the official spec (/work/shared/specs/line/messaging-api.yml,
 * https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message).
 */

const range = (prefix: string, count: number): LineAreaCode[] =>
  Array.from(
    { length: count },
    (_, i) => `${prefix}_${String(i + 1).padStart(2, "0")}` as LineAreaCode,
  );

/**
 * Every LINE area code per ISO 3166-1 alpha-2 country: jp_01..jp_47, tw_01..tw_22,
 * th_01..th_08, id_01..id_12 (spec `AreaDemographic`). Together they cover each country.
 */
export const LINE_AREAS_BY_COUNTRY: Readonly<Record<string, readonly LineAreaCode[]>> = {
  JP: range("jp", 47), // 47 prefectures
  TW: range("tw", 22), // 22 cities and counties
  TH: range("th", 8), // Bangkok, Pattaya and 6 regions
  ID: range("id", 12), // 11 areas and id_05 "other areas"
};

/** Every LINE area code of the spec. */
export const LINE_AREA_CODES: ReadonlySet<string> = new Set(
  Object.values(LINE_AREAS_BY_COUNTRY).flat(),
);

/**
 * ISO 3166-2 subdivision codes that are exactly one LINE area. Japan's prefecture codes are
 * the JIS codes LINE numbers by (JP-13 = jp_13, Tokyo). Taiwan: the spec's x-enum-descriptions
 * name each city/county. Thailand: only Bangkok (TH-10) and Pattaya (TH-S) are ISO subdivisions;
 * th_03..th_08 are regions spanning many provinces. Indonesia: only Bali (ID-BA) is a province;
 * the other areas are cities or metro areas (Jabodetabek is wider than ID-JK). Codes that would
 * widen the audience are not mapped; the LINE codes themselves are accepted instead.
 */
const REGION_TO_AREA: Readonly<Record<string, LineAreaCode>> = {
  ...Object.fromEntries(range("jp", 47).map((code) => [`JP-${code.slice(3)}`, code] as const)),
  "TW-TPE": "tw_01", // Taipei City
  "TW-NWT": "tw_02", // New Taipei City
  "TW-TAO": "tw_03", // Taoyuan City
  "TW-TXG": "tw_04", // Taichung City
  "TW-TNN": "tw_05", // Tainan City
  "TW-KHH": "tw_06", // Kaohsiung City
  "TW-KEE": "tw_07", // Keelung City
  "TW-HSZ": "tw_08", // Hsinchu City
  "TW-CYI": "tw_09", // Chiayi City
  "TW-HSQ": "tw_10", // Hsinchu County
  "TW-MIA": "tw_11", // Miaoli County
  "TW-CHA": "tw_12", // Changhua County
  "TW-NAN": "tw_13", // Nantou County
  "TW-YUN": "tw_14", // Yunlin County
  "TW-CYQ": "tw_15", // Chiayi County
  "TW-PIF": "tw_16", // Pingtung County
  "TW-ILA": "tw_17", // Yilan County
  "TW-HUA": "tw_18", // Hualien County
  "TW-TTT": "tw_19", // Taitung County
  "TW-PEN": "tw_20", // Penghu County
  "TW-KIN": "tw_21", // Kinmen County
  "TW-LIE": "tw_22", // Lienchiang County
  "TH-10": "th_01", // Bangkok
  "TH-S": "th_02", // Pattaya (Phatthaya special administrative city)
  "ID-BA": "id_01", // Bali
};

/**
 * The LINE area code for an ISO 3166-2 code (case-insensitive) or for a LINE area code given
 * as is (`th_03`); `undefined` when LINE has no area that is exactly that region.
 */
export function lineAreaForRegion(region: string): LineAreaCode | undefined {
  if (LINE_AREA_CODES.has(region)) return region as LineAreaCode;
  return REGION_TO_AREA[region.toUpperCase()];
}

/** All LINE area codes of an ISO 3166-1 alpha-2 country (case-insensitive), if LINE has any. */
export function lineAreasForCountry(country: string): readonly LineAreaCode[] | undefined {
  return LINE_AREAS_BY_COUNTRY[country.toUpperCase()];
}
