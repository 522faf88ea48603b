import { ArmError } from "../../arm/errors.js";
import { isJsonObject, optionalArray, optionalInteger, optionalObject, optionalString, typeError } from "../validation.js";
import { apiVersionHasMaintenanceWindow, canonicalMaintenanceConfigName, maintenancePropertiesForApiVersion } from "./maintenance-names.js";

/**
 * Planned maintenance (`managedClusters/{c}/maintenanceConfigurations/{name}`): the rules AKS applies
 * to a PUT body, the properties it answers back, and the answer's shape per api-version. Pure
 * functions: the handler does the store work and passes the clock.
 *
 * Sources (public):
 *  - Shapes, ranges, patterns and enums: the official definition,
 *    specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-04-01/managedClusters.json
 *    (MaintenanceConfiguration*, MaintenanceWindow, Schedule, DailySchedule, WeeklySchedule,
 *    AbsoluteMonthlySchedule, RelativeMonthlySchedule, TimeInWeek, HourInDay, TimeSpan, DateSpan, WeekDay, Type).
 *  - The three names and the defaults (utcOffset `+00:00`, startDate the current date):
 *    https://learn.microsoft.com/azure/aks/planned-maintenance
 *  - The answers of real AKS (200 on create, `{id, name, properties}`, an empty `notAllowedTime` left
 *    out, `.000Z` answered as `Z`): the recording
 *    https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/acs/tests/latest/recordings/test_aks_maintenanceconfiguration.yaml
 *  - Error wordings quoted from real AKS: https://github.com/Azure/ARO-HCP/pull/3260 (names),
 *    https://github.com/Azure/AgentBaker/pull/6529 (`default` takes weekly schedules only).
 * Everything else is a choice of ours, each with its docs/fidelity.md row.
 */

type Obj = Record<string, unknown>;

export const WEEK_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const WEEK_INDEXES = ["First", "Second", "Third", "Fourth", "Last"] as const;
const SCHEDULE_KINDS = ["daily", "weekly", "absoluteMonthly", "relativeMonthly"] as const;

export interface MaintenanceValidationOptions {
  /** The clock: startDate defaults to its date and may not be before it. Default: the real time. */
  now?: Date;
  /**
   * The request's api-version. At a version that cannot express maintenanceWindow, a window in the
   * body is not part of the request, and the stored one (`previous`) is kept.
   */
  apiVersion?: string;
  /** The stored properties (an update), for what the request's api-version cannot express. */
  previous?: Obj;
}

// ---------------------------------------------------------------------------------------------------
// Names and api-versions

export interface MaintenanceConfigurationScope {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
}

/**
 * The answer of GET, PUT and list items: `{id, name, properties}` in that order, no `type` and no
 * `systemData` (the recording, and every official example; docs/fidelity.md "Maintenance configuration
 * answers"). The id spells `resourceGroups` as the recording does.
 */
export function renderMaintenanceConfiguration(scope: MaintenanceConfigurationScope, name: string, properties: Obj, apiVersion: string): Obj {
  const canonical = canonicalMaintenanceConfigName(name);
  return {
    id:
      `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/` +
      `${scope.clusterName}/maintenanceConfigurations/${canonical}`,
    name: canonical,
    properties: maintenancePropertiesForApiVersion(properties, apiVersion),
  };
}

// ---------------------------------------------------------------------------------------------------
// Errors

/** The path a refusal names: the body path without `properties.`, as AKS targets (e.g. `agentPoolProfile.name`). */
function targetOf(path: string): string {
  return path.startsWith("properties.") ? path.slice("properties.".length) : path;
}

/** docs/fidelity.md "Maintenance window value checks": AKS's own form of an invalid value, our wording after it. */
function invalidValue(path: string, value: unknown, rule: string): ArmError {
  const target = targetOf(path);
  const shown = typeof value === "string" ? `'${value}'` : JSON.stringify(value);
  return new ArmError(400, "InvalidParameter", `The value of parameter ${target} is invalid: ${shown}. ${rule}`, { target });
}

function missing(path: string, what: string): ArmError {
  const target = targetOf(path);
  return new ArmError(400, "InvalidParameter", `The value of parameter ${target} is missing. ${what}`, { target });
}

function refused(message: string, target?: string): ArmError {
  return new ArmError(400, "InvalidParameter", message, target === undefined ? {} : { target });
}

// ---------------------------------------------------------------------------------------------------
// Values

function requiredInteger(v: unknown, path: string, min: number, max: number, what: string): number {
  const n = optionalInteger(v, path);
  if (n === undefined) throw missing(path, `${what} It must be between ${min} and ${max}.`);
  if (n < min || n > max) throw invalidValue(path, n, `It must be between ${min} and ${max}.`);
  return n;
}

/** An enum value in any letter case, answered in the definition's spelling (docs/fidelity.md "Maintenance window value checks"). */
function requiredEnum<T extends string>(v: unknown, path: string, allowed: readonly T[], what: string): T {
  const s = optionalString(v, path);
  if (s === undefined) throw missing(path, `${what} Allowed values: ${allowed.join(", ")}.`);
  const found = allowed.find((a) => a.toLowerCase() === s.toLowerCase());
  if (!found) throw invalidValue(path, s, `Allowed values: ${allowed.join(", ")}.`);
  return found;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function dateString(v: unknown, path: string): string | undefined {
  const s = optionalString(v, path);
  if (s === undefined) return undefined;
  if (!isCalendarDate(s)) throw invalidValue(path, s, "It must be a date in the form yyyy-mm-dd, e.g. 2023-01-01.");
  return s;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 date-time as AKS answers it: in UTC, fractional seconds without trailing zeros (the
 * recording answers `2021-11-26T03:00:00.000Z` as `2021-11-26T03:00:00Z`; docs/fidelity.md
 * "Maintenance configuration defaults"). Not a date-time at all: the body cannot be decoded
 * (docs/fidelity.md "Wrong JSON type of a property").
 */
function dateTime(v: unknown, path: string): string | undefined {
  const s = optionalString(v, path);
  if (s === undefined) return undefined;
  const m = DATE_TIME.exec(s);
  const ms = m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}${m[6]!.toUpperCase()}`) : NaN;
  if (!m || Number.isNaN(ms) || !isCalendarDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) {
    throw new ArmError(
      400,
      "InvalidRequestContent",
      `The request content was invalid and could not be deserialized: property '${path}' must be an RFC 3339 date-time such as 2021-05-26T03:00:00Z, not '${s}'.`,
      { target: path },
    );
  }
  const fraction = (m[5] ?? "").replace(/0+$/, "");
  const utc = new Date(ms).toISOString().slice(0, 19);
  return `${utc}${fraction === "." ? "" : fraction}Z`;
}

const UTC_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** `+05:30`: the definition's pattern, and an offset that exists (-12:00 to +14:00, minutes below 60). */
function utcOffsetMinutes(s: string, path: string): number {
  const m = UTC_OFFSET.exec(s);
  const hours = m ? Number(m[2]) : NaN;
  const minutes = m ? Number(m[3]) : NaN;
  const total = m ? (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes) : NaN;
  if (!m || minutes > 59 || total < -12 * 60 || total > 14 * 60) {
    throw invalidValue(path, s, "It must be a UTC offset in the form +/-HH:mm between -12:00 and +14:00, e.g. +05:30 or -07:00.");
  }
  return total;
}

/** The date at `now` in a UTC offset, `yyyy-mm-dd`. */
function dateAtOffset(now: Date, offsetMinutes: number): string {
  return new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Drops undefined values (nothing AKS leaves out reaches the answer). */
function compact(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** A non-empty array, or undefined: AKS leaves empty lists out of its answer (the recording's `notAllowedTime: []`). */
function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

// ---------------------------------------------------------------------------------------------------
// The legacy form: timeInWeek and notAllowedTime

function timeInWeek(raw: unknown): Obj[] | undefined {
  const list = optionalArray(raw, "properties.timeInWeek");
  if (!list) return undefined;
  return list.map((item, i) => {
    const path = `properties.timeInWeek[${i}]`;
    const entry = optionalObject(item, path);
    if (!entry) throw missing(path, "Each entry names a day and its hourSlots.");
    const day = requiredEnum(entry["day"], `${path}.day`, WEEK_DAYS, "Each entry names the day of the week.");
    const slots = optionalArray(entry["hourSlots"], `${path}.hourSlots`)?.map((slot, j) => {
      const slotPath = `${path}.hourSlots[${j}]`;
      return requiredInteger(slot, slotPath, 0, 23, "An hour slot is the hour of the day in UTC.");
    });
    // No hour slots: the whole day (https://learn.microsoft.com/azure/aks/planned-maintenance, "omit the start hour").
    return compact({ day, hourSlots: nonEmpty(slots) });
  });
}

function span<T>(raw: unknown, path: string, parse: (v: unknown, p: string) => T | undefined, form: string): { start: T; end: T } {
  const entry = optionalObject(raw, path);
  if (!entry) throw missing(path, `Each entry has a start and an end (${form}).`);
  const start = parse(entry["start"], `${path}.start`);
  if (start === undefined) throw missing(`${path}.start`, `A span has a start and an end (${form}).`);
  const end = parse(entry["end"], `${path}.end`);
  if (end === undefined) throw missing(`${path}.end`, `A span has a start and an end (${form}).`);
  // Dates read as UTC midnight, date-times are already in UTC.
  if (Date.parse(String(end)) < Date.parse(String(start))) throw invalidValue(`${path}.end`, end, `It must not be before the start ${String(start)}.`);
  return { start, end };
}

function notAllowedTime(raw: unknown): Obj[] | undefined {
  const list = optionalArray(raw, "properties.notAllowedTime");
  return list?.map((item, i) => span(item, `properties.notAllowedTime[${i}]`, dateTime, "RFC 3339 date-times"));
}

// ---------------------------------------------------------------------------------------------------
// The window form: maintenanceWindow

function schedule(raw: unknown, path: string): Obj {
  const s = optionalObject(raw, path);
  const given = SCHEDULE_KINDS.filter((k) => s?.[k] !== undefined && s?.[k] !== null);
  if (given.length !== 1) {
    // The definition's own description of Schedule (managedClusters.json), as the refusal's text.
    const found = given.length === 0 ? "none was" : `${given.join(", ")} were`;
    throw refused(
      `One and only one of the schedule types should be specified. Choose either 'daily', 'weekly', 'absoluteMonthly' or 'relativeMonthly' for your maintenance schedule; ${found} given.`,
      targetOf(path),
    );
  }
  const kind = given[0]!;
  const p = `${path}.${kind}`;
  const o = optionalObject(s![kind], p)!;
  switch (kind) {
    case "daily":
      return { daily: { intervalDays: requiredInteger(o["intervalDays"], `${p}.intervalDays`, 1, 7, "The number of days between windows.") } };
    case "weekly":
      return {
        weekly: {
          intervalWeeks: requiredInteger(o["intervalWeeks"], `${p}.intervalWeeks`, 1, 4, "The number of weeks between windows."),
          dayOfWeek: requiredEnum(o["dayOfWeek"], `${p}.dayOfWeek`, WEEK_DAYS, "The day of the week of the window."),
        },
      };
    case "absoluteMonthly":
      return {
        absoluteMonthly: {
          intervalMonths: requiredInteger(o["intervalMonths"], `${p}.intervalMonths`, 1, 6, "The number of months between windows."),
          dayOfMonth: requiredInteger(o["dayOfMonth"], `${p}.dayOfMonth`, 1, 31, "The day of the month of the window."),
        },
      };
    case "relativeMonthly":
      return {
        relativeMonthly: {
          intervalMonths: requiredInteger(o["intervalMonths"], `${p}.intervalMonths`, 1, 6, "The number of months between windows."),
          weekIndex: requiredEnum(o["weekIndex"], `${p}.weekIndex`, WEEK_INDEXES, "The week of the month of the window."),
          dayOfWeek: requiredEnum(o["dayOfWeek"], `${p}.dayOfWeek`, WEEK_DAYS, "The day of the week of the window."),
        },
      };
  }
}

function maintenanceWindow(raw: unknown, now: Date): Obj {
  const path = "properties.maintenanceWindow";
  const w = optionalObject(raw, path)!;
  const sched = schedule(w["schedule"], `${path}.schedule`);

  // The definition's default; AKS's answer without it is not in our sources (docs/fidelity.md "Maintenance configuration defaults").
  const durationHours =
    w["durationHours"] === undefined || w["durationHours"] === null
      ? 24
      : requiredInteger(w["durationHours"], `${path}.durationHours`, 4, 24, "The length of the window in hours.");

  const offset = optionalString(w["utcOffset"], `${path}.utcOffset`) ?? "+00:00";
  const offsetMinutes = utcOffsetMinutes(offset, `${path}.utcOffset`);

  const startTime = optionalString(w["startTime"], `${path}.startTime`);
  if (startTime === undefined) throw missing(`${path}.startTime`, "It is the time the window starts, from 00:00 to 23:59 at utcOffset.");
  const t = /^(\d{2}):(\d{2})$/.exec(startTime);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59)
    throw invalidValue(`${path}.startTime`, startTime, "It must be a time from 00:00 to 23:59 in the form HH:mm.");

  // The current date when left out (planned-maintenance docs); never before it (docs/fidelity.md "Maintenance window start date in the past").
  const today = dateAtOffset(now, offsetMinutes);
  const startDate = dateString(w["startDate"], `${path}.startDate`) ?? today;
  if (startDate < today) {
    throw invalidValue(`${path}.startDate`, startDate, `It is in the past: the date at utcOffset ${offset} is ${today}. Leave it out to start today.`);
  }

  const dates = optionalArray(w["notAllowedDates"], `${path}.notAllowedDates`)?.map((item, i) =>
    span(item, `${path}.notAllowedDates[${i}]`, dateString, "dates in the form yyyy-mm-dd"),
  );

  // The definition's property order (a Go struct answers in field order).
  return compact({ schedule: sched, durationHours, utcOffset: offset, startDate, startTime, notAllowedDates: nonEmpty(dates) });
}

// ---------------------------------------------------------------------------------------------------
// The configuration

/**
 * Checks the PUT body of `.../maintenanceConfigurations/{name}` as AKS does and returns the
 * properties to store and answer (defaults filled in, empty lists left out, values in the
 * definition's spelling); throws the ArmError AKS answers otherwise. Read-only and unknown properties
 * are ignored. docs/fidelity.md "Maintenance configuration forms" says which name takes which form.
 */
export function validateMaintenanceConfiguration(name: string, body: unknown, opts: MaintenanceValidationOptions = {}): Obj {
  const config = canonicalMaintenanceConfigName(name);
  if (!isJsonObject(body)) throw typeError("", "a JSON object", body);
  const props: Obj = { ...(optionalObject(body["properties"], "properties") ?? {}) };

  // What the request's api-version cannot express is not part of the request; the stored value stays
  // (docs/resource-types.md "Principles"; docs/fidelity.md "Maintenance
  // configurations at api-versions without maintenanceWindow").
  if (opts.apiVersion !== undefined && !apiVersionHasMaintenanceWindow(opts.apiVersion)) {
    delete props["maintenanceWindow"];
    const kept = opts.previous?.["maintenanceWindow"];
    // A `default` sent in the timeInWeek form at an old version replaces its window.
    const replacesWindow = config === "default" && (optionalArray(props["timeInWeek"], "properties.timeInWeek") ?? []).length > 0;
    if (kept !== undefined && !replacesWindow) props["maintenanceWindow"] = kept;
  }

  const weekSlots = nonEmpty(timeInWeek(props["timeInWeek"]));
  const blocked = nonEmpty(notAllowedTime(props["notAllowedTime"]));
  const hasWindow = props["maintenanceWindow"] !== undefined && props["maintenanceWindow"] !== null;
  if (hasWindow) optionalObject(props["maintenanceWindow"], "properties.maintenanceWindow");

  if (config === "default") {
    if (weekSlots && hasWindow) {
      throw refused("Maintenance configuration: default takes either timeInWeek (with notAllowedTime) or maintenanceWindow, not both.", "timeInWeek");
    }
    if (blocked && hasWindow) {
      throw refused(
        "Maintenance configuration: default takes notAllowedTime only with timeInWeek; a maintenanceWindow uses notAllowedDates.",
        "notAllowedTime",
      );
    }
    if (!weekSlots && !hasWindow) {
      throw refused("Maintenance configuration: default needs timeInWeek or a weekly maintenanceWindow.", "timeInWeek");
    }
    if (!hasWindow) return compact({ timeInWeek: weekSlots, notAllowedTime: blocked });
  } else {
    // https://learn.microsoft.com/azure/aks/planned-maintenance: these two take maintenanceWindow only.
    if (weekSlots) throw refused(`timeInWeek is not supported for maintenance configuration: ${config}. Use maintenanceWindow.`, "timeInWeek");
    if (blocked)
      throw refused(`notAllowedTime is not supported for maintenance configuration: ${config}. Use maintenanceWindow.notAllowedDates.`, "notAllowedTime");
    if (!hasWindow) throw refused(`maintenanceWindow is required for maintenance configuration: ${config}.`, "maintenanceWindow");
  }

  const window = maintenanceWindow(props["maintenanceWindow"], opts.now ?? new Date());
  if (config === "default") {
    const weekly = (window["schedule"] as Obj)["weekly"] as Obj | undefined;
    // Real AKS's refusal (AgentBaker#6529), no target.
    if (!weekly) throw refused("Only weekly schedule is supported for control plane upgrade maintenance configuration: default.");
    // azure-cli#33431: "The RP enforces that only Weekly schedule with intervalWeeks=1 is valid for the default config"; the wording is ours.
    if (weekly["intervalWeeks"] !== 1)
      throw refused("Only weekly schedule with intervalWeeks 1 is supported for control plane upgrade maintenance configuration: default.");
  }
  return { maintenanceWindow: window };
}
