/** The part of autocannon 9's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  type Client = { setHeaders(headers: Record<string, string>): void };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    timeout?: number;
    setupClient?: (client: Client) => void;
    /** Stop after this many requests instead of after `duration`. */
    amount?: number;
    /** Requests in turn; `setupRequest` may rewrite each one (bench/oidc.ts: one callback address per request). */
    requests?: Array<{ method?: 'GET' | 'POST'; path?: string; headers?: Record<string, string>; setupRequest?: (req: RequeteAutocannon) => RequeteAutocannon }>;
  };
  type RequeteAutocannon = { method: string; path: string; headers: Record<string, string> };
  type Histogramme = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number };
  export type Result = {
    duration: number;
    requests: Histogramme;
    latency: Histogramme;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    '3xx': number;
    statusCodeStats: Record<string, { count: number }>;
  };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
