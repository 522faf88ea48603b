import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { ArmError } from "../../src/arm/errors.js";
import {
  MAINTENANCE_CONFIGURATION_NAMES,
  MAINTENANCE_CONFIGURATION_PUT_STATUS,
  apiVersionHasMaintenanceWindow,
  canonicalMaintenanceConfigName,
  maintenancePropertiesForApiVersion,
} from "../../src/providers/containerservice/maintenance-names.js";
import { WEEK_DAYS, renderMaintenanceConfiguration, validateMaintenanceConfiguration } from "../../src/providers/containerservice/maintenance-rules.js";

/**
 * The planned-maintenance rules (src/providers/containerservice/maintenance-rules.ts): names, the two
 * forms per name, every range of the definition, defaults, the answers per api-version, and the
 * official examples (test/fixtures/azure-spec) normalised to what they answer.
 */

type Obj = Record<string, any>;

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/azure-spec/", import.meta.url));
const example = (file: string): Obj => JSON.parse(readFileSync(FIXTURES + file, "utf8"));

/** A clock before every date the examples use (their startDate is 2023-01-01). */
const BEFORE_EXAMPLES = new Date("2022-12-01T12:00:00Z");
const NOW = new Date("2026-05-01T12:00:00Z");
const TODAY = "2026-05-01";

/** Asserts `fn` throws an ArmError with this status, code and target (undefined: none); returns it. */
function throwsArm(fn: () => unknown, status: number, code: string, target?: string): ArmError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ArmError, `expected ArmError ${code}, got ${caught === undefined ? "no error" : String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status);
  assert.equal(caught.target, target, caught.message);
  return caught;
}

const validate = (name: string, properties: unknown, now = NOW): Obj => validateMaintenanceConfiguration(name, { properties }, { now });

/** A valid window for the managed names; `over` replaces keys (undefined deletes them). */
function window(over: Obj = {}): Obj {
  const w: Obj = {
    schedule: { weekly: { intervalWeeks: 2, dayOfWeek: "Friday" } },
    durationHours: 8,
    utcOffset: "+05:30",
    startDate: "2026-06-01",
    startTime: "00:00",
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete w[k];
    else w[k] = v;
  }
  return w;
}

const auto = (w: Obj): Obj => validate("aksManagedAutoUpgradeSchedule", { maintenanceWindow: w });

describe("configuration names", () => {
  it("accepts the three names in any letter case, in their own spelling", () => {
    for (const n of MAINTENANCE_CONFIGURATION_NAMES) {
      assert.equal(canonicalMaintenanceConfigName(n), n);
      assert.equal(canonicalMaintenanceConfigName(n.toUpperCase()), n);
    }
  });

  it("refuses any other name with AKS's message and no target (ARO-HCP#3260)", () => {
    for (const n of ["aks_maintenance_config", "autoUpgradeSchedule", "defaults", ""]) {
      const e = throwsArm(() => validateMaintenanceConfiguration(n, { properties: { timeInWeek: [{ day: "Monday" }] } }), 400, "InvalidParameter");
      assert.equal(
        e.message,
        "Only 'default', 'aksManagedAutoUpgradeSchedule' and 'aksManagedNodeOSUpgradeSchedule' are allowed configNames for maintenance configuration.",
      );
    }
  });
});

describe("the official examples", () => {
  it("Create_Update (2026-03-01): the request is accepted and answered as sent (the example's answer shows another schedule)", () => {
    const ex = example("2026-03-01/examples/MaintenanceConfigurationsCreate_Update_MaintenanceWindow.json");
    const request = ex.parameters.parameters;
    const props = validateMaintenanceConfiguration(ex.parameters.configName, request, { now: BEFORE_EXAMPLES });
    assert.deepEqual(props, request.properties);
    // Everything but the schedule is what both documented answers show (quirk in the fixtures README).
    for (const code of ["200", "201"]) {
      const answered = structuredClone(ex.responses[code].body.properties);
      assert.deepEqual(answered.maintenanceWindow.schedule, { weekly: { dayOfWeek: "Monday", intervalWeeks: 3 } });
      answered.maintenanceWindow.schedule = request.properties.maintenanceWindow.schedule;
      assert.deepEqual(props, answered);
    }
    assert.equal(MAINTENANCE_CONFIGURATION_PUT_STATUS, 200);
  });

  it("Get (2026-01-01) and List (2026-03-01): every answered configuration, sent back, is answered the same", () => {
    const get = example("2026-01-01/examples/MaintenanceConfigurationsGet_MaintenanceWindow.json");
    const list = example("2026-03-01/examples/MaintenanceConfigurationsList_MaintenanceWindow.json");
    for (const body of [get.responses["200"].body, ...list.responses["200"].body.value]) {
      const props = validateMaintenanceConfiguration(body.name, { properties: body.properties }, { now: BEFORE_EXAMPLES });
      assert.deepEqual(props, body.properties, body.name);
      const scope = { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg1", clusterName: "clustername1" };
      assert.deepEqual(renderMaintenanceConfiguration(scope, body.name, props, "2026-04-01"), body);
    }
  });

  it("Get and List (2022-11-01): the default configuration is answered as shown, without systemData and with resourceGroups in the id", () => {
    const get = example("2022-11-01/examples/MaintenanceConfigurationsGet.json");
    const list = example("2022-11-01/examples/MaintenanceConfigurationsList.json");
    for (const body of [get.responses["200"].body, list.responses["200"].body.value[0]]) {
      const props = validateMaintenanceConfiguration(body.name, { properties: body.properties }, { now: NOW, apiVersion: "2022-11-01" });
      assert.deepEqual(props, body.properties);
      const answer = renderMaintenanceConfiguration(
        { subscriptionId: "subid1", resourceGroup: "rg1", clusterName: "clustername1" },
        "default",
        props,
        "2022-11-01",
      );
      // docs/fidelity.md "Maintenance configuration answers"
      assert.deepEqual(answer, { id: body.id.replace("/resourcegroups/", "/resourceGroups/"), name: body.name, properties: body.properties });
    }
  });

  it("what the recorded az traffic sent is answered as recorded (azure-cli test_aks_maintenanceconfiguration.yaml)", () => {
    assert.deepEqual(validate("default", { timeInWeek: [{ day: "Monday", hourSlots: [1] }], notAllowedTime: [] }), {
      timeInWeek: [{ day: "Monday", hourSlots: [1] }],
    });
    assert.deepEqual(
      validate("default", {
        timeInWeek: [
          { day: "Tuesday", hourSlots: [1, 2] },
          { day: "Wednesday", hourSlots: [1, 6] },
        ],
        notAllowedTime: [
          { start: "2021-11-26T03:00:00.000Z", end: "2021-11-30T12:00:00.000Z" },
          { start: "2021-12-26T03:00:00.000Z", end: "2021-12-26T12:00:00.000Z" },
        ],
      }),
      {
        timeInWeek: [
          { day: "Tuesday", hourSlots: [1, 2] },
          { day: "Wednesday", hourSlots: [1, 6] },
        ],
        notAllowedTime: [
          { start: "2021-11-26T03:00:00Z", end: "2021-11-30T12:00:00Z" },
          { start: "2021-12-26T03:00:00Z", end: "2021-12-26T12:00:00Z" },
        ],
      },
    );
  });
});

describe("default: the timeInWeek form", () => {
  it("takes days with hour slots 0-23; no slots means the whole day; duplicate days are kept", () => {
    const tiw = [{ day: "Monday", hourSlots: [0, 23] }, { day: "Monday", hourSlots: [5] }, { day: "Sunday" }, { day: "Friday", hourSlots: [] }];
    assert.deepEqual(validate("default", { timeInWeek: tiw }).timeInWeek, [
      { day: "Monday", hourSlots: [0, 23] },
      { day: "Monday", hourSlots: [5] },
      { day: "Sunday" },
      { day: "Friday" },
    ]);
  });

  it('answers days in the definition\'s spelling (docs/fidelity.md "Maintenance window value checks")', () => {
    assert.deepEqual(validate("default", { timeInWeek: [{ day: "tUESDAY", hourSlots: [1] }] }).timeInWeek, [{ day: "Tuesday", hourSlots: [1] }]);
  });

  it("refuses hour slots outside 0-23, unknown or missing days", () => {
    throwsArm(() => validate("default", { timeInWeek: [{ day: "Monday", hourSlots: [1, 24] }] }), 400, "InvalidParameter", "timeInWeek[0].hourSlots[1]");
    throwsArm(
      () => validate("default", { timeInWeek: [{ day: "Monday" }, { day: "Monday", hourSlots: [-1] }] }),
      400,
      "InvalidParameter",
      "timeInWeek[1].hourSlots[0]",
    );
    const e = throwsArm(() => validate("default", { timeInWeek: [{ day: "Funday", hourSlots: [1] }] }), 400, "InvalidParameter", "timeInWeek[0].day");
    assert.match(e.message, /^The value of parameter timeInWeek\[0\]\.day is invalid: 'Funday'\. Allowed values: Sunday, Monday/);
    throwsArm(() => validate("default", { timeInWeek: [{ hourSlots: [1] }] }), 400, "InvalidParameter", "timeInWeek[0].day");
    throwsArm(() => validate("default", { timeInWeek: [null] }), 400, "InvalidParameter", "timeInWeek[0]");
  });

  it("takes notAllowedTime spans, answered in UTC; refuses an end before its start and spans without both ends", () => {
    const props = validate("default", {
      timeInWeek: [{ day: "Monday" }],
      notAllowedTime: [{ start: "2026-12-24T02:00:00.500+02:00", end: "2027-01-02T00:00:00Z" }],
    });
    assert.deepEqual(props.notAllowedTime, [{ start: "2026-12-24T00:00:00.5Z", end: "2027-01-02T00:00:00Z" }]);
    throwsArm(
      () => validate("default", { timeInWeek: [{ day: "Monday" }], notAllowedTime: [{ start: "2026-12-24T00:00:00Z", end: "2026-12-23T23:59:59Z" }] }),
      400,
      "InvalidParameter",
      "notAllowedTime[0].end",
    );
    throwsArm(
      () => validate("default", { timeInWeek: [{ day: "Monday" }], notAllowedTime: [{ start: "2026-12-24T00:00:00Z" }] }),
      400,
      "InvalidParameter",
      "notAllowedTime[0].end",
    );
    // Not a date-time: the body cannot be decoded (docs/fidelity.md "Wrong JSON type of a property").
    for (const bad of ["2026-12-24", "2026-12-24T00:00:00", "2026-02-30T00:00:00Z", "yesterday"]) {
      throwsArm(
        () => validate("default", { timeInWeek: [{ day: "Monday" }], notAllowedTime: [{ start: bad, end: "2027-01-01T00:00:00Z" }] }),
        400,
        "InvalidRequestContent",
        "properties.notAllowedTime[0].start",
      );
    }
  });

  it("past notAllowedTime spans are accepted (the recording sent 2021 dates in 2023)", () => {
    assert.ok(
      validate("default", { timeInWeek: [{ day: "Monday" }], notAllowedTime: [{ start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z" }] }).notAllowedTime,
    );
  });
});

describe('default: the maintenanceWindow form (docs/fidelity.md "Maintenance configuration forms")', () => {
  const weekly1 = window({ schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Sunday" } } });

  it("takes a weekly window with intervalWeeks 1", () => {
    assert.deepEqual(validate("default", { maintenanceWindow: weekly1 }), { maintenanceWindow: weekly1 });
  });

  it("refuses other schedules with AKS's message and no target (AgentBaker#6529)", () => {
    for (const schedule of [
      { daily: { intervalDays: 1 } },
      { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 1 } },
      { relativeMonthly: { intervalMonths: 1, weekIndex: "First", dayOfWeek: "Monday" } },
    ]) {
      const e = throwsArm(() => validate("default", { maintenanceWindow: window({ schedule }) }), 400, "InvalidParameter");
      assert.equal(e.message, "Only weekly schedule is supported for control plane upgrade maintenance configuration: default.");
    }
    throwsArm(
      () => validate("default", { maintenanceWindow: window({ schedule: { weekly: { intervalWeeks: 2, dayOfWeek: "Sunday" } } }) }),
      400,
      "InvalidParameter",
    );
  });

  it("refuses both forms together, notAllowedTime with a window, and neither form", () => {
    throwsArm(() => validate("default", { timeInWeek: [{ day: "Monday" }], maintenanceWindow: weekly1 }), 400, "InvalidParameter", "timeInWeek");
    throwsArm(
      () => validate("default", { notAllowedTime: [{ start: "2027-01-01T00:00:00Z", end: "2027-01-02T00:00:00Z" }], maintenanceWindow: weekly1 }),
      400,
      "InvalidParameter",
      "notAllowedTime",
    );
    for (const props of [
      {},
      { timeInWeek: [] },
      { notAllowedTime: [{ start: "2027-01-01T00:00:00Z", end: "2027-01-02T00:00:00Z" }] },
      { maintenanceWindow: null },
    ]) {
      throwsArm(() => validate("default", props), 400, "InvalidParameter", "timeInWeek");
    }
    throwsArm(() => validateMaintenanceConfiguration("default", {}, { now: NOW }), 400, "InvalidParameter", "timeInWeek");
  });
});

describe("aksManagedAutoUpgradeSchedule and aksManagedNodeOSUpgradeSchedule", () => {
  for (const name of ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]) {
    it(`${name}: requires maintenanceWindow and refuses timeInWeek and notAllowedTime`, () => {
      assert.deepEqual(validate(name, { maintenanceWindow: window() }), { maintenanceWindow: window() });
      const e = throwsArm(() => validate(name, {}), 400, "InvalidParameter", "maintenanceWindow");
      assert.equal(e.message, `maintenanceWindow is required for maintenance configuration: ${name}.`);
      throwsArm(() => validate(name, { timeInWeek: [{ day: "Monday", hourSlots: [1] }] }), 400, "InvalidParameter", "timeInWeek");
      throwsArm(() => validate(name, { timeInWeek: [{ day: "Monday" }], maintenanceWindow: window() }), 400, "InvalidParameter", "timeInWeek");
      throwsArm(
        () => validate(name, { notAllowedTime: [{ start: "2027-01-01T00:00:00Z", end: "2027-01-02T00:00:00Z" }], maintenanceWindow: window() }),
        400,
        "InvalidParameter",
        "notAllowedTime",
      );
      // Empty lists are no content (what older clients send alongside).
      assert.deepEqual(validate(name, { timeInWeek: [], notAllowedTime: [], maintenanceWindow: window() }), { maintenanceWindow: window() });
    });
  }

  it("both take every schedule kind, daily included (terraform-provider-azurerm#30110)", () => {
    for (const schedule of [
      { daily: { intervalDays: 7 } },
      { weekly: { intervalWeeks: 4, dayOfWeek: "Saturday" } },
      { absoluteMonthly: { intervalMonths: 6, dayOfMonth: 31 } },
      { relativeMonthly: { intervalMonths: 1, weekIndex: "Last", dayOfWeek: "Friday" } },
    ]) {
      for (const name of ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]) {
        assert.deepEqual(validate(name, { maintenanceWindow: window({ schedule }) }).maintenanceWindow.schedule, schedule);
      }
    }
  });
});

describe('maintenanceWindow values (docs/fidelity.md "Maintenance window value checks")', () => {
  it("needs exactly one schedule kind; null kinds (as az shows them) count as absent", () => {
    const none = throwsArm(() => auto(window({ schedule: {} })), 400, "InvalidParameter", "maintenanceWindow.schedule");
    assert.match(none.message, /^One and only one of the schedule types should be specified\./);
    throwsArm(() => auto(window({ schedule: undefined })), 400, "InvalidParameter", "maintenanceWindow.schedule");
    throwsArm(
      () => auto(window({ schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: "Monday" } } })),
      400,
      "InvalidParameter",
      "maintenanceWindow.schedule",
    );
    const schedule = { absoluteMonthly: null, daily: { intervalDays: 2 }, relativeMonthly: null, weekly: null };
    assert.deepEqual(auto(window({ schedule })).maintenanceWindow.schedule, { daily: { intervalDays: 2 } });
    throwsArm(() => auto({ ...window(), schedule: { weekly: "Monday" } }), 400, "InvalidRequestContent", "properties.maintenanceWindow.schedule.weekly");
  });

  const ranges: [string, Obj, string, number, number][] = [
    ["daily.intervalDays", { daily: {} }, "intervalDays", 1, 7],
    ["weekly.intervalWeeks", { weekly: { dayOfWeek: "Monday" } }, "intervalWeeks", 1, 4],
    ["absoluteMonthly.intervalMonths", { absoluteMonthly: { dayOfMonth: 1 } }, "intervalMonths", 1, 6],
    ["absoluteMonthly.dayOfMonth", { absoluteMonthly: { intervalMonths: 1 } }, "dayOfMonth", 1, 31],
    ["relativeMonthly.intervalMonths", { relativeMonthly: { weekIndex: "First", dayOfWeek: "Monday" } }, "intervalMonths", 1, 6],
  ];
  for (const [label, base, key, min, max] of ranges) {
    it(`schedule.${label}: ${min}-${max}, required`, () => {
      const kind = Object.keys(base)[0]!;
      const at = (v: unknown) => window({ schedule: { [kind]: { ...base[kind], [key]: v } } });
      for (const v of [min, max]) assert.equal(auto(at(v)).maintenanceWindow.schedule[kind][key], v);
      for (const v of [min - 1, max + 1]) throwsArm(() => auto(at(v)), 400, "InvalidParameter", `maintenanceWindow.schedule.${label}`);
      const e = throwsArm(() => auto(window({ schedule: base })), 400, "InvalidParameter", `maintenanceWindow.schedule.${label}`);
      assert.match(e.message, /is missing/);
      throwsArm(() => auto(at(String(min))), 400, "InvalidRequestContent", `properties.maintenanceWindow.schedule.${label}`);
    });
  }

  it("dayOfWeek and weekIndex: the definition's enums, any letter case", () => {
    const rel = (weekIndex: unknown, dayOfWeek: unknown) => auto(window({ schedule: { relativeMonthly: { intervalMonths: 2, weekIndex, dayOfWeek } } }));
    for (const w of ["First", "Second", "Third", "Fourth", "Last"])
      assert.equal(rel(w.toLowerCase(), "monday").maintenanceWindow.schedule.relativeMonthly.weekIndex, w);
    assert.equal(rel("last", "monday").maintenanceWindow.schedule.relativeMonthly.dayOfWeek, "Monday");
    throwsArm(() => rel("Fifth", "Monday"), 400, "InvalidParameter", "maintenanceWindow.schedule.relativeMonthly.weekIndex");
    throwsArm(() => rel("First", "Someday"), 400, "InvalidParameter", "maintenanceWindow.schedule.relativeMonthly.dayOfWeek");
    throwsArm(() => rel(undefined, "Monday"), 400, "InvalidParameter", "maintenanceWindow.schedule.relativeMonthly.weekIndex");
    throwsArm(
      () => auto(window({ schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 1 } } })),
      400,
      "InvalidRequestContent",
      "properties.maintenanceWindow.schedule.weekly.dayOfWeek",
    );
  });

  it('durationHours: 4-24, an integer, 24 when left out (docs/fidelity.md "Maintenance configuration defaults")', () => {
    for (const v of [4, 24]) assert.equal(auto(window({ durationHours: v })).maintenanceWindow.durationHours, v);
    for (const v of [3, 25, 0]) {
      const e = throwsArm(() => auto(window({ durationHours: v })), 400, "InvalidParameter", "maintenanceWindow.durationHours");
      assert.equal(e.message, `The value of parameter maintenanceWindow.durationHours is invalid: ${v}. It must be between 4 and 24.`);
    }
    for (const v of ["8", 4.5, true, [8]]) {
      const e = throwsArm(() => auto(window({ durationHours: v })), 400, "InvalidRequestContent", "properties.maintenanceWindow.durationHours");
      assert.match(e.message, /property 'properties\.maintenanceWindow\.durationHours' must be an integer/);
    }
    assert.equal(auto(window({ durationHours: undefined })).maintenanceWindow.durationHours, 24);
    assert.equal(auto(window({ durationHours: null })).maintenanceWindow.durationHours, 24);
  });

  it("utcOffset: +/-HH:mm within -12:00..+14:00, +00:00 when left out", () => {
    for (const v of ["+05:30", "-07:00", "+00:00", "-12:00", "+14:00", "+05:45"]) assert.equal(auto(window({ utcOffset: v })).maintenanceWindow.utcOffset, v);
    for (const v of ["+5:30", "05:30", "+05:60", "+14:30", "-12:30", "+0530", "UTC", ""]) {
      throwsArm(() => auto(window({ utcOffset: v })), 400, "InvalidParameter", "maintenanceWindow.utcOffset");
    }
    throwsArm(() => auto(window({ utcOffset: 5.5 })), 400, "InvalidRequestContent", "properties.maintenanceWindow.utcOffset");
    assert.equal(auto(window({ utcOffset: undefined })).maintenanceWindow.utcOffset, "+00:00");
  });

  it("startTime: HH:mm from 00:00 to 23:59, required", () => {
    for (const v of ["00:00", "23:59", "09:30"]) assert.equal(auto(window({ startTime: v })).maintenanceWindow.startTime, v);
    for (const v of ["24:00", "9:30", "09:60", "09:30:00", "noon"])
      throwsArm(() => auto(window({ startTime: v })), 400, "InvalidParameter", "maintenanceWindow.startTime");
    throwsArm(() => auto(window({ startTime: undefined })), 400, "InvalidParameter", "maintenanceWindow.startTime");
  });

  it('startDate: a calendar date, today at utcOffset when left out, not in the past (docs/fidelity.md "Maintenance window start date in the past")', () => {
    assert.equal(auto(window({ startDate: undefined, utcOffset: "+00:00" })).maintenanceWindow.startDate, TODAY);
    assert.equal(auto(window({ startDate: TODAY, utcOffset: "+00:00" })).maintenanceWindow.startDate, TODAY);
    // 2026-05-01 20:00 UTC is already 2026-05-02 at +05:30, still 2026-05-01 at -07:00.
    const evening = new Date("2026-05-01T20:00:00Z");
    const at = (w: Obj) => validate("aksManagedNodeOSUpgradeSchedule", { maintenanceWindow: w }, evening).maintenanceWindow;
    assert.equal(at(window({ startDate: undefined, utcOffset: "+05:30" })).startDate, "2026-05-02");
    assert.equal(at(window({ startDate: undefined, utcOffset: "-07:00" })).startDate, "2026-05-01");
    throwsArm(() => at(window({ startDate: "2026-05-01", utcOffset: "+05:30" })), 400, "InvalidParameter", "maintenanceWindow.startDate");
    const e = throwsArm(() => auto(window({ startDate: "2023-01-01" })), 400, "InvalidParameter", "maintenanceWindow.startDate");
    assert.match(e.message, /in the past/);
    for (const v of ["2026-02-30", "2026/06/01", "2026-6-1", "2026-06-01T00:00:00Z"])
      throwsArm(() => auto(window({ startDate: v })), 400, "InvalidParameter", "maintenanceWindow.startDate");
  });

  it("notAllowedDates: date spans, end not before start, both required; an empty list is left out", () => {
    const dates = [
      { start: "2026-12-23", end: "2027-01-05" },
      { start: "2026-07-04", end: "2026-07-04" },
    ];
    assert.deepEqual(auto(window({ notAllowedDates: dates })).maintenanceWindow.notAllowedDates, dates);
    assert.ok(!("notAllowedDates" in auto(window({ notAllowedDates: [] })).maintenanceWindow));
    throwsArm(
      () => auto(window({ notAllowedDates: [{ start: "2027-01-05", end: "2026-12-23" }] })),
      400,
      "InvalidParameter",
      "maintenanceWindow.notAllowedDates[0].end",
    );
    throwsArm(
      () => auto(window({ notAllowedDates: [dates[0], { start: "2026-12-23" }] })),
      400,
      "InvalidParameter",
      "maintenanceWindow.notAllowedDates[1].end",
    );
    throwsArm(() => auto(window({ notAllowedDates: [{ end: "2026-12-23" }] })), 400, "InvalidParameter", "maintenanceWindow.notAllowedDates[0].start");
    throwsArm(
      () => auto(window({ notAllowedDates: [{ start: "2026-13-01", end: "2027-01-01" }] })),
      400,
      "InvalidParameter",
      "maintenanceWindow.notAllowedDates[0].start",
    );
    throwsArm(
      () => auto(window({ notAllowedDates: { start: "2026-12-23", end: "2027-01-05" } })),
      400,
      "InvalidRequestContent",
      "properties.maintenanceWindow.notAllowedDates",
    );
  });

  it("answers in the definition's property order, defaults filled in", () => {
    const w = auto({
      startTime: "01:00",
      schedule: { daily: { intervalDays: 1 } },
      notAllowedDates: [{ end: "2026-08-02", start: "2026-08-01" }],
    }).maintenanceWindow;
    assert.deepEqual(Object.keys(w), ["schedule", "durationHours", "utcOffset", "startDate", "startTime", "notAllowedDates"]);
    assert.deepEqual(Object.keys(w.notAllowedDates[0]), ["start", "end"]);
    assert.deepEqual(w, {
      schedule: { daily: { intervalDays: 1 } },
      durationHours: 24,
      utcOffset: "+00:00",
      startDate: TODAY,
      startTime: "01:00",
      notAllowedDates: [{ start: "2026-08-01", end: "2026-08-02" }],
    });
  });
});

describe("body shape", () => {
  it('a property of the wrong JSON type is a 400 InvalidRequestContent naming it (docs/fidelity.md "Wrong JSON type of a property")', () => {
    throwsArm(() => validateMaintenanceConfiguration("default", [], { now: NOW }), 400, "InvalidRequestContent", undefined);
    throwsArm(() => validateMaintenanceConfiguration("default", { properties: "weekly" }, { now: NOW }), 400, "InvalidRequestContent", "properties");
    throwsArm(() => validate("default", { timeInWeek: { day: "Monday" } }), 400, "InvalidRequestContent", "properties.timeInWeek");
    throwsArm(
      () => validate("default", { timeInWeek: [{ day: "Monday", hourSlots: ["1"] }] }),
      400,
      "InvalidRequestContent",
      "properties.timeInWeek[0].hourSlots[0]",
    );
    throwsArm(() => validate("default", { timeInWeek: [{ day: "Monday", hourSlots: 1 }] }), 400, "InvalidRequestContent", "properties.timeInWeek[0].hourSlots");
    throwsArm(
      () => validate("default", { timeInWeek: [{ day: "Monday" }], notAllowedTime: [{ start: 1, end: 2 }] }),
      400,
      "InvalidRequestContent",
      "properties.notAllowedTime[0].start",
    );
    throwsArm(() => auto("weekly" as unknown as Obj), 400, "InvalidRequestContent", "properties.maintenanceWindow");
  });

  it("ignores read-only and unknown properties (nothing the definition lacks is stored)", () => {
    const props = validateMaintenanceConfiguration(
      "aksManagedAutoUpgradeSchedule",
      {
        id: "/x",
        name: "other",
        type: "t",
        systemData: {},
        properties: {
          maintenanceWindowId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/maintenanceWindows/z",
          maintenanceWindow: { ...window(), timeZone: "UTC", schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Monday", extra: 1 } } },
        },
      },
      { now: NOW },
    );
    assert.deepEqual(props, { maintenanceWindow: { ...window(), schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Monday" } } } });
  });
});

describe('api-versions (docs/fidelity.md "Maintenance configurations at api-versions without maintenanceWindow")', () => {
  it("maintenanceWindow exists from 2023-05-01 (stable) and 2022-10-02-preview", () => {
    for (const v of ["2022-11-01", "2023-04-01", "2020-12-01", "2022-09-02-preview"]) assert.equal(apiVersionHasMaintenanceWindow(v), false, v);
    for (const v of ["2023-05-01", "2026-04-01", "2022-10-02-preview", "2022-11-02-preview"]) assert.equal(apiVersionHasMaintenanceWindow(v), true, v);
  });

  it("answers leave maintenanceWindow out where the version lacks it", () => {
    const stored = { maintenanceWindow: window() };
    assert.deepEqual(maintenancePropertiesForApiVersion(stored, "2022-11-01"), {});
    assert.deepEqual(maintenancePropertiesForApiVersion(stored, "2026-04-01"), stored);
    const tiw = { timeInWeek: [{ day: "Monday", hourSlots: [1] }] };
    assert.deepEqual(maintenancePropertiesForApiVersion(tiw, "2022-11-01"), tiw);
    const scope = { subscriptionId: "s", resourceGroup: "g", clusterName: "c" };
    const answer = renderMaintenanceConfiguration(scope, "AKSMANAGEDAUTOUPGRADESCHEDULE", stored, "2022-11-01");
    assert.deepEqual(answer, {
      id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/maintenanceConfigurations/aksManagedAutoUpgradeSchedule",
      name: "aksManagedAutoUpgradeSchedule",
      properties: {},
    });
    assert.ok("maintenanceWindow" in stored, "the stored properties are not changed");
  });

  it("a PUT at such a version ignores a window in the body and keeps the stored one", () => {
    const old = { now: NOW, apiVersion: "2022-11-01" };
    throwsArm(
      () => validateMaintenanceConfiguration("aksManagedAutoUpgradeSchedule", { properties: { maintenanceWindow: window() } }, old),
      400,
      "InvalidParameter",
      "maintenanceWindow",
    );
    const kept = window({ startDate: "2026-06-01" });
    assert.deepEqual(validateMaintenanceConfiguration("aksManagedAutoUpgradeSchedule", { properties: {} }, { ...old, previous: { maintenanceWindow: kept } }), {
      maintenanceWindow: kept,
    });
    // default: the timeInWeek form sent at 2022-11-01 replaces a stored window; sent empty, the window stays.
    const weekly1 = window({ schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Monday" } } });
    assert.deepEqual(
      validateMaintenanceConfiguration(
        "default",
        { properties: { timeInWeek: [{ day: "Monday", hourSlots: [2] }] } },
        { ...old, previous: { maintenanceWindow: weekly1 } },
      ),
      { timeInWeek: [{ day: "Monday", hourSlots: [2] }] },
    );
    assert.deepEqual(validateMaintenanceConfiguration("default", { properties: {} }, { ...old, previous: { maintenanceWindow: weekly1 } }), {
      maintenanceWindow: weekly1,
    });
  });
});

describe("properties (fast-check)", () => {
  // Quarter hours from -12:00 to +14:00.
  const offsetArb = fc.integer({ min: -48, max: 56 }).map((q) => {
    const abs = Math.abs(q) * 15;
    return `${q < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  });
  const timeArb = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const futureDateArb = fc.integer({ min: 2, max: 3000 }).map((d) => new Date(NOW.getTime() + d * 86_400_000).toISOString().slice(0, 10));
  // Plain objects (fast-check's records have no prototype by default; deepStrictEqual compares prototypes).
  const plain = { noNullPrototype: true } as const;
  const weeklyWindowArb = fc.record(
    {
      schedule: fc.record({ weekly: fc.record({ intervalWeeks: fc.integer({ min: 1, max: 4 }), dayOfWeek: fc.constantFrom(...WEEK_DAYS) }, plain) }, plain),
      durationHours: fc.integer({ min: 4, max: 24 }),
      utcOffset: offsetArb,
      startDate: futureDateArb,
      startTime: timeArb,
    },
    plain,
  );

  it("any valid weekly window round-trips unchanged, for both managed names", () => {
    fc.assert(
      fc.property(weeklyWindowArb, fc.constantFrom("aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"), (w, name) => {
        assert.deepEqual(validate(name, { maintenanceWindow: w }), { maintenanceWindow: w });
      }),
    );
  });

  it("a valid answer sent back is answered the same (idempotent), with or without the defaults", () => {
    fc.assert(
      fc.property(weeklyWindowArb, fc.boolean(), fc.boolean(), (w, dropOffset, dropDate) => {
        const sent: Obj = { ...w };
        if (dropOffset) delete sent["utcOffset"];
        if (dropDate) delete sent["startDate"];
        const once = validate("aksManagedAutoUpgradeSchedule", { maintenanceWindow: sent });
        assert.deepEqual(validate("aksManagedAutoUpgradeSchedule", once), once);
      }),
    );
  });

  it("any durationHours or intervalWeeks out of range is refused naming it", () => {
    const outside = (min: number, max: number) => fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }));
    fc.assert(
      fc.property(weeklyWindowArb, outside(4, 24), (w, d) => {
        throwsArm(() => auto({ ...w, durationHours: d }), 400, "InvalidParameter", "maintenanceWindow.durationHours");
      }),
    );
    fc.assert(
      fc.property(weeklyWindowArb, outside(1, 4), (w, n) => {
        throwsArm(
          () => auto({ ...w, schedule: { weekly: { ...w.schedule.weekly, intervalWeeks: n } } }),
          400,
          "InvalidParameter",
          "maintenanceWindow.schedule.weekly.intervalWeeks",
        );
      }),
    );
  });

  it("any hour slot list within 0-23 is kept as sent", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ day: fc.constantFrom(...WEEK_DAYS), hourSlots: fc.array(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 24 }) }, plain),
          { minLength: 1, maxLength: 7 },
        ),
        (tiw) => {
          assert.deepEqual(validate("default", { timeInWeek: tiw }), { timeInWeek: tiw });
        },
      ),
    );
  });
});
