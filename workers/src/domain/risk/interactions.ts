/**
 * The variables computed from the HCCs left after the hierarchies: the interaction products (diagnostic groups
 * are 1 when any of their HCCs is present; a product is 1 when both operands are, DISABL included) and the
 * payment-HCC count, which sets exactly one of D1 … D9, D10P (none for no HCCs).
 */
import type { PreparedModel } from './prepared-model.js';

/** The count variables of the main macro, D1 … D9 then D10P for ten or more. */
export const COUNT_VARIABLES: readonly string[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10P'];

export function paymentCountVariable(paymentHccCount: number): string | null {
  if (paymentHccCount <= 0) {
    return null;
  }
  return paymentHccCount >= 10 ? 'D10P' : `D${paymentHccCount}`;
}

/** The product variables that are 1, in the main macro's order. */
export function activeInteractions(hccs: ReadonlySet<number>, disabled: boolean, model: PreparedModel): string[] {
  const groupOn = model.groups.map((group) => group.hccs.some((hcc) => hccs.has(hcc)));
  return model.products
    .filter((product) =>
      product.operands.every((operand) => {
        switch (operand.kind) {
          case 'hcc':
            return hccs.has(operand.hcc);
          case 'group':
            return groupOn[operand.index] === true;
          case 'disabled':
            return disabled;
        }
      }),
    )
    .map((product) => product.variable);
}
