/**
 * Texts of the finance screens, one namespace per screen (its title is `title`); English is typed against Korean.
 * Each area has its own file so that screens can be built side by side.
 */
export const financeKo = {
  rates: { title: '요금표 · 취소 정책' },
  financeInvoices: { title: '청구서 관리' },
  reports: { title: '보고서' },
};

export const financeEn: typeof financeKo = {
  rates: { title: 'Rate cards & policy' },
  financeInvoices: { title: 'Invoices' },
  reports: { title: 'Reports' },
};
