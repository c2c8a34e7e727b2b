/**
 * Agentic AI Acceleration
 * 0.1.0
 * DO NOT MODIFY - This file has been generated using oazapfts.
 * See https://www.npmjs.com/package/oazapfts
 */
import * as Oazapfts from "@oazapfts/runtime";
import * as QS from "@oazapfts/runtime/query";
export const defaults: Oazapfts.Defaults<Oazapfts.CustomHeaders> = {
    headers: {},
    baseUrl: "/"
};
const oazapfts = Oazapfts.runtime(defaults);
export const servers = {};
export type ModuleServiceDto = {
    lastSeen: string | null;
    name: string;
    processId: string | null;
    routePrefixes: string[];
    status: "up" | "down";
    url: string | null;
};
export type ServicesResponseDto = {
    mode: "single" | "split";
    modules: ModuleServiceDto[];
    processes: {
        [key: string]: any;
    }[];
};
export type ProblemDetails = {
    /** Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, MODULE_UNAVAILABLE. */
    code: string;
    detail?: string;
    /** On 500s: the id that also appears in the server log. */
    errorId?: string;
    errors?: {
        field: string;
        messages: string[];
    }[];
    instance?: string;
    status: number;
    title: string;
    "type": string;
};
export type HealthResponseDto = {
    details: {
        [key: string]: any;
    };
    error?: {
        [key: string]: any;
    };
    info?: {
        [key: string]: any;
    };
    status: "ok" | "degraded" | "error" | "shutting_down";
};
export function listServices(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ServicesResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/services", {
        ...opts
    });
}
export function getHealth(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HealthResponseDto;
    } | {
        status: 503;
        data: HealthResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health", {
        ...opts
    });
}
export function getDetailedHealth(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HealthResponseDto;
    } | {
        status: 503;
        data: HealthResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health/detailed", {
        ...opts
    });
}
export function getPrometheusMetrics(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: string;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/metrics", {
        ...opts
    });
}
