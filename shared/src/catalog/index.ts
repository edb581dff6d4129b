// The catalog's tax rate entity is TaxRateSchema from pricing/, used as is.
export {
  UuidSchema,
  EntityIdSchema,
  UtcTimestampSchema,
  BusinessDateSchema,
  TimeOfDaySchema,
  TimeZoneSchema,
  isValidTimeZone,
  textLine,
  printLine,
  type Uuid,
  type EntityId,
  type UtcTimestamp,
  type BusinessDate,
  type TimeOfDay,
} from './primitives';
export {
  BarcodeValueSchema,
  SkuSchema,
  ProductSchema,
  BarcodeSchema,
  CategorySchema,
  StockLevelSchema,
  type BarcodeValue,
  type Product,
  type Barcode,
  type Category,
  type StockLevel,
} from './product';
export { RoleSchema, roleAtLeast, BasisPointsSchema, PinHashSchema, UserSchema, type Role, type User } from './user';
export {
  DiscountLimitsSchema,
  StoreSettingsSchema,
  discountLimitFor,
  businessDateOf,
  type DiscountLimits,
  type StoreSettings,
} from './store-settings';
export { wallClockOf, localDateTime, type WallClock } from './wall-clock';
