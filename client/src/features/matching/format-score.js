export function formatScore(value) {
  return Number(value).toFixed(value < 10 ? 2 : 0);
}
