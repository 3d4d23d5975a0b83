/** Set-up helpers shared by `npm start`, the test harness and the `staffroom` CLI. */
export * from "./renderSynapseConfig.ts";
export * from "./synapseTemplates.ts";
export * from "./writeSynapseConfig.ts";
export * from "./renderWorkerFiles.ts";
export * from "./synapseWorkers.ts";
export * from "./workerRoutes.ts";
export * from "./nginxWorkers.ts";
export * from "./secrets.ts";
export * from "./homeserverAdmin.ts";
export * from "./livekitConfig.ts";
export * from "./turnConfig.ts";
