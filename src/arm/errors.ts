/** An ARM error: the one way handlers report bad input or refused operations. */
export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly details?: ArmErrorBody[];
  /** Extra response headers, e.g. WWW-Authenticate on 401 or x-ms-failure-cause. */
  readonly headers?: Record<string, string>;

  constructor(status: number, code: string, message: string, opts: { target?: string; details?: ArmErrorBody[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "ArmError";
    this.status = status;
    this.code = code;
    this.target = opts.target;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}
