// asl-validator ships no types; this is the one call the tests make.
declare module "asl-validator" {
  export default function aslValidator(definition: unknown): {
    isValid: boolean;
    errorsText(separator?: string): string;
  };
}
