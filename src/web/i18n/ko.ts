import { customerKo } from './pages/customer.js';
import { financeKo } from './pages/finance.js';
import { staffKo } from './pages/staff.js';

/**
 * Korean, the reference dictionary: its shape is the type every language must have (en.ts), and
 * test/unit/web/i18n.spec.ts fails on a key missing or empty in either. `{name}` is filled from t()'s params.
 * Each page has its own namespace under `pages`, kept in i18n/pages/<area>.ts: add a page's texts there.
 */
export const ko = {
  app: {
    name: '대구 주행시험장',
    product: '예약 · 일정 · 정산',
    skipToContent: '본문으로 건너뛰기',
    zoneNote: '모든 날짜와 시각은 시험장 시간대({zone}) 기준입니다.',
  },
  common: {
    loading: '불러오는 중…',
    saving: '저장하는 중…',
    empty: '표시할 항목이 없습니다.',
    comingSoon: '이 화면은 준비 중입니다.',
    save: '저장',
    cancel: '취소',
    close: '닫기',
    confirm: '확인',
    retry: '다시 시도',
    reload: '새로 고침',
    required: '필수',
  },
  language: {
    label: '언어',
  },
  roles: {
    customer: '고객',
    scheduler: '일정 담당',
    finance: '재무 담당',
    admin: '관리자',
  },
  auth: {
    title: '로그인',
    email: '이메일',
    password: '비밀번호',
    submit: '로그인',
    logout: '로그아웃',
    signedInAs: '{name} ({role})',
    demoTitle: '데모 계정',
    demoHint: '데모 비밀번호는 서버를 시작할 때 출력되며 .data/demo-credentials.txt 파일에도 있습니다.',
    useAccount: '{email} 계정으로 채우기',
  },
  nav: {
    label: '주 메뉴',
    customer: '예약',
    scheduling: '일정 운영',
    finance: '재무',
    admin: '관리',
  },
  pages: {
    ...customerKo,
    ...staffKo,
    ...financeKo,
    notFound: { title: '페이지를 찾을 수 없습니다', text: '주소를 확인하거나 메뉴에서 화면을 고르세요.' },
    forbidden: { title: '볼 수 없는 화면입니다', text: '이 화면은 {role} 역할에 열려 있지 않습니다.' },
  },
  status: {
    reservation: {
      pending: '승인 대기',
      confirmed: '확정',
      checked_in: '입장',
      completed: '완료',
      cancelled: '취소',
      rejected: '거절',
      expired: '만료',
      no_show: '노쇼',
      displaced: '밀려남',
      waitlisted: '대기자 명단',
    },
    invoice: {
      draft: '초안',
      issued: '발행',
      paid: '수납 완료',
      void: '무효',
    },
  },
  weekdays: {
    mon: '월',
    tue: '화',
    wed: '수',
    thu: '목',
    fri: '금',
    sat: '토',
    sun: '일',
  },
  /** One text per error code of api.md (src/common/errors.ts), plus NETWORK and UNKNOWN from the client. */
  errors: {
    VALIDATION_FAILED: '입력한 내용에 잘못된 값이 있습니다.',
    UNAUTHENTICATED: '이메일 또는 비밀번호가 맞지 않거나 로그인이 만료되었습니다.',
    FORBIDDEN: '이 작업을 할 권한이 없습니다.',
    NOT_FOUND: '찾는 항목이 없습니다.',
    METHOD_NOT_ALLOWED: '허용되지 않는 요청입니다.',
    PAYLOAD_TOO_LARGE: '보낸 내용이 너무 큽니다.',
    UNSUPPORTED_MEDIA_TYPE: '지원하지 않는 형식의 요청입니다.',
    RESERVATION_CONFLICT: '그 시간에는 예약할 수 없습니다. 겹치는 항목과 가까운 빈 시간을 확인하세요.',
    INVALID_STATE: '지금 상태에서는 할 수 없는 작업입니다. 새로 고친 뒤 다시 확인하세요.',
    DUPLICATE: '같은 값이 이미 등록되어 있습니다.',
    IDEMPOTENCY_IN_PROGRESS: '같은 요청을 처리하고 있습니다. 잠시 후 다시 확인하세요.',
    OUTSIDE_OPENING_HOURS: '운영 시간 밖입니다.',
    SLOT_MISALIGNED: '시작과 종료 시각이 예약 단위에 맞지 않습니다.',
    DURATION_OUT_OF_RANGE: '예약 길이가 허용 범위를 벗어납니다.',
    NOTICE_TOO_SHORT: '시작 시각이 너무 가깝습니다. 사전 예약 기간을 확인하세요.',
    BEYOND_HORIZON: '아직 예약을 받지 않는 날짜입니다.',
    IN_THE_PAST: '지난 시각은 예약할 수 없습니다.',
    VEHICLES_EXCEED_CAPACITY: '차량 수가 이 구간의 수용 한도를 넘습니다.',
    DRIVER_NOT_CERTIFIED: '이 구간에 필요한 자격을 그날 갖춘 운전자가 없습니다.',
    SEGMENT_INACTIVE: '지금은 운영하지 않는 구간입니다.',
    NOT_ELIGIBLE: '이 기관은 대상이 아닙니다.',
    IDEMPOTENCY_KEY_REUSED: '같은 요청 키가 다른 내용으로 이미 쓰였습니다. 화면을 새로 고친 뒤 다시 보내세요.',
    TOO_MANY_OCCURRENCES: '반복 횟수가 너무 많습니다(최대 500회).',
    QUOTA_EXCEEDED: '기관의 사용 한도를 넘습니다.',
    RATE_LIMITED: '로그인 실패가 너무 많습니다. 잠시 후 다시 시도하세요.',
    SERVICE_UNAVAILABLE: '서비스를 잠시 쓸 수 없습니다. 잠시 후 다시 시도하세요.',
    INTERNAL: '서버에서 문제가 발생했습니다. 잠시 후 다시 시도하세요.',
    NETWORK: '서버에 연결할 수 없습니다. 네트워크를 확인하세요.',
    UNKNOWN: '알 수 없는 오류가 발생했습니다.',
  },
  crash: {
    title: '화면을 표시하는 중 문제가 발생했습니다',
    text: '새로 고치거나 다른 메뉴로 이동하세요. 입력 중이던 내용은 저장되지 않았을 수 있습니다.',
  },
  problems: {
    title: '확인이 필요한 항목',
    invalid: '이 값을 확인하세요',
    conflicts: '겹치는 항목',
    suggestions: '가까운 빈 시간',
    quota: '이 기간의 한도는 {max}분입니다. {used}분을 이미 썼고 {requested}분을 요청했습니다.',
    retryAfter: '{seconds}초 후에 다시 시도할 수 있습니다.',
    conflict: {
      reservation: '다른 예약',
      blackout: '운영 중단',
      capacity: '수용 한도',
      buffer: '정리 시간',
    },
  },
};

export type Messages = typeof ko;
