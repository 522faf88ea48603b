import type { ExampleIgnores } from "./harness.js";

/**
 * The ignore lists of the maintenance configuration examples in test/fixtures/azure-spec/ (see the
 * header of ignored.ts for the reason kinds). Meant to be spread into IGNORED in ignored.ts once the
 * type is served (`...MAINTENANCE_IGNORED`); until then harness.test.ts reports these fixtures as
 * having no ignore list. Replaying a window example needs the emulator's clock before its startDate
 * (2023-01-01): docs/fidelity.md "Maintenance window start date in the past".
 */

const ANSWERS = "fidelity row: Maintenance configuration answers";

export const MAINTENANCE_IGNORED: Record<string, ExampleIgnores> = {
  "2026-03-01/examples/MaintenanceConfigurationsCreate_Update_MaintenanceWindow.json": {
    skipStatus: { "201": `${ANSWERS} (real AKS answers 200 on create as on update)` },
    ignore: {
      "200": [
        {
          pointer: "/properties/maintenanceWindow/schedule",
          reason: "example contradicts another example: its own request, which sends the relativeMonthly schedule that the answer shows as weekly",
          expect: { relativeMonthly: { intervalMonths: 3, weekIndex: "First", dayOfWeek: "Monday" } },
        },
      ],
    },
  },
  "2026-03-01/examples/MaintenanceConfigurationsList_MaintenanceWindow.json": {
    ignore: {
      "200": [
        {
          pointer: "/value",
          reason: "fidelity row: Order of listed child resources (the example's two configurations, by name)",
          expect: [
            {
              name: "aksManagedAutoUpgradeSchedule",
              id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/aksManagedAutoUpgradeSchedule",
              properties: {
                maintenanceWindow: {
                  durationHours: 5,
                  notAllowedDates: [
                    { end: "2023-02-25", start: "2023-02-18" },
                    { end: "2024-01-05", start: "2023-12-23" },
                  ],
                  schedule: { absoluteMonthly: { dayOfMonth: 15, intervalMonths: 3 } },
                  startDate: "2023-01-01",
                  startTime: "08:30",
                  utcOffset: "+00:00",
                },
              },
            },
            {
              name: "aksManagedNodeOSUpgradeSchedule",
              id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule",
              properties: {
                maintenanceWindow: {
                  durationHours: 10,
                  schedule: { daily: { intervalDays: 5 } },
                  startDate: "2023-01-01",
                  startTime: "13:30",
                  utcOffset: "-07:00",
                },
              },
            },
          ],
        },
      ],
    },
  },
  "2026-01-01/examples/MaintenanceConfigurationsGet_MaintenanceWindow.json": { ignore: {} },
  "2026-02-01/examples/MaintenanceConfigurationsDelete_MaintenanceWindow.json": { ignore: {} },
  "2022-11-01/examples/MaintenanceConfigurationsGet.json": {
    ignore: {
      "200": [
        {
          pointer: "/id",
          reason: `${ANSWERS} (the recorded id spells resourceGroups)`,
          expect:
            "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/default",
        },
        { pointer: "/systemData", reason: `${ANSWERS} (no systemData in the recorded answers)`, absent: true },
      ],
    },
  },
  "2022-11-01/examples/MaintenanceConfigurationsList.json": {
    ignore: {
      "200": [
        {
          pointer: "/value/*/id",
          reason: `${ANSWERS} (the recorded id spells resourceGroups)`,
          expect:
            "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/default",
        },
      ],
    },
  },
  "2022-11-01/examples/MaintenanceConfigurationsDelete.json": { ignore: {} },
};
