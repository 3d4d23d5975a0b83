import type { JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";

/** Props of {@link MembersButton}. */
export type MembersButtonProps = {
  api: StaffroomApi;
  departmentId: string;
  departmentName: string;
};

/** Opens the department's member list with online status. Being built. */
export function MembersButton(props: MembersButtonProps): JSX.Element {
  return (
    <span class="text-xs text-slate-500" data-department={props.departmentId}>
      {props.departmentName}
    </span>
  );
}
