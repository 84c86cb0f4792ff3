/**
 * Texts of the customer screens, one namespace per screen (its title is `title`); English is typed against Korean.
 * Each area has its own file so that screens can be built side by side.
 */
export const customerKo = {
  findTime: { title: '시간 찾기' },
  myReservations: { title: '내 예약' },
  series: { title: '반복 예약' },
  invoices: { title: '청구서' },
  support: { title: '지원 요청' },
  notifications: { title: '알림' },
  quotas: { title: '사용 한도' },
  webhooks: { title: '웹훅' },
  calendarFeed: { title: '캘린더 피드' },
};

export const customerEn: typeof customerKo = {
  findTime: { title: 'Find time' },
  myReservations: { title: 'My reservations' },
  series: { title: 'Series' },
  invoices: { title: 'Invoices' },
  support: { title: 'Support' },
  notifications: { title: 'Notifications' },
  quotas: { title: 'Quotas' },
  webhooks: { title: 'Webhooks' },
  calendarFeed: { title: 'Calendar feed' },
};
