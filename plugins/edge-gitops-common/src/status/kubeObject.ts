/**
 * A Kubernetes object as the status rules read it, from a cluster or a file: nothing is
 * assumed of its shape beyond being an object, so garbage gets Unknown, never a crash.
 *
 * @public
 */
export interface ObservedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: any;
  spec?: any;
  status?: any;
  [field: string]: any;
}
