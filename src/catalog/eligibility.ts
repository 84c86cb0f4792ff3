import type { Membership, OrganizationKind } from '../organizations/organization.entity.js';

/** Who may use a catalog item or a funding programme. Every condition given must hold (an either-or is two programmes). */
export interface Eligibility {
  kinds?: OrganizationKind[];
  membersOnly?: boolean;
  starCompanyOnly?: boolean;
}

export interface EligibleOrganization {
  kind: OrganizationKind;
  membership: Membership;
  starCompany: boolean;
}

/** The conditions an organization misses (none: eligible). */
export function eligibilityProblems(rule: Eligibility, org: EligibleOrganization): string[] {
  const problems: string[] = [];
  if (rule.kinds?.length && !rule.kinds.includes(org.kind)) problems.push(`only for organizations of kind ${rule.kinds.join(', ')}`);
  if (rule.membersOnly && org.membership !== 'member') problems.push('only for foundation members');
  if (rule.starCompanyOnly && !org.starCompany) problems.push('only for star companies');
  return problems;
}
