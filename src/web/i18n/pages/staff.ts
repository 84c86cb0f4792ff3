/**
 * Texts of the staff screens, one namespace per screen (its title is `title`); English is typed against Korean.
 * Each area has its own file so that screens can be built side by side.
 */
export const staffKo = {
  schedule: { title: '일정 현황판' },
  approvals: { title: '승인 대기' },
  conflicts: { title: '충돌 처리' },
  blackouts: { title: '운영 중단' },
  gate: { title: '게이트' },
  drivers: { title: '운전자' },
  users: { title: '사용자' },
  organizations: { title: '기관' },
};

export const staffEn: typeof staffKo = {
  schedule: { title: 'Schedule board' },
  approvals: { title: 'Approvals' },
  conflicts: { title: 'Conflicts' },
  blackouts: { title: 'Blackouts' },
  gate: { title: 'Gate' },
  drivers: { title: 'Drivers' },
  users: { title: 'Users' },
  organizations: { title: 'Organizations' },
};
