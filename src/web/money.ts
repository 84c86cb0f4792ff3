/** Money is whole Korean won, integers (api.md): shown as ₩1,234,000 in both languages. */
const GROUPS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatWon(amount: number): string {
  return `${amount < 0 ? '-' : ''}₩${GROUPS.format(Math.abs(amount))}`;
}

/** What a person typed into a money field ('1,234,000', '₩ 1234000', '1234000원') as won, or null. */
export function parseWon(text: string): number | null {
  const digits = text.replace(/[\s,₩원]/g, '');
  return /^-?\d+$/.test(digits) ? Number(digits) : null;
}
