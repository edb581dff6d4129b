import type { AppContext } from '../context';
import {
  CategoryCreateSchema,
  CategoryUpdateSchema,
  createCategory,
  deleteCategory,
  listCategories,
  updateCategory,
} from '../domain/catalog-categories';
import { createProduct, getProduct, listProducts, ProductCreateSchema, ProductUpdateSchema, updateProduct } from '../domain/catalog-products';
import { deleteStorePrice, listStorePrices, setStorePrice, StorePriceSchema } from '../domain/catalog-store-prices';
import { createTaxRate, listTaxRates, TaxRateCreateSchema, TaxRateUpdateSchema, updateTaxRate } from '../domain/catalog-tax-rates';
import { PageQuerySchema } from '../domain/listing';
import { param, route, type AdminRoute } from './admin-routes';
import { parse } from './validate';

/**
 * The tenant's catalog. Everyone signed in may read it (a manager prices its store from it);
 * only an admin changes it, since every store sells from it. Store prices are the store's own.
 */
export function catalogRoutes(ctx: AppContext): AdminRoute[] {
  const page = (query: unknown) => parse(PageQuerySchema, query, 'query');
  return [
    route.session('get', '/tax-rates', (req, who) => listTaxRates(ctx.pool, who.tenantId, page(req.query))),
    route.admin('post', '/tax-rates', (req, who) => createTaxRate(ctx, who.tenantId, parse(TaxRateCreateSchema, req.body)), { status: 201 }),
    route.admin('patch', '/tax-rates/:taxRateId', (req, who) =>
      updateTaxRate(ctx, who.tenantId, param(req, 'taxRateId'), parse(TaxRateUpdateSchema, req.body)),
    ),

    route.session('get', '/categories', (req, who) => listCategories(ctx.pool, who.tenantId, page(req.query))),
    route.admin('post', '/categories', (req, who) => createCategory(ctx, who.tenantId, parse(CategoryCreateSchema, req.body)), { status: 201 }),
    route.admin('patch', '/categories/:categoryId', (req, who) =>
      updateCategory(ctx, who.tenantId, param(req, 'categoryId'), parse(CategoryUpdateSchema, req.body)),
    ),
    route.admin('delete', '/categories/:categoryId', (req, who) => deleteCategory(ctx, who.tenantId, param(req, 'categoryId'))),

    route.session('get', '/products', (req, who) => listProducts(ctx.pool, who.tenantId, page(req.query))),
    route.session('get', '/products/:productId', (req, who) => getProduct(ctx.pool, who.tenantId, param(req, 'productId'))),
    route.admin('post', '/products', (req, who) => createProduct(ctx, who.tenantId, parse(ProductCreateSchema, req.body)), { status: 201 }),
    route.admin('patch', '/products/:productId', (req, who) =>
      updateProduct(ctx, who.tenantId, param(req, 'productId'), parse(ProductUpdateSchema, req.body)),
    ),

    route.store('get', '/stores/:storeId/prices', (req, s) => listStorePrices(ctx.pool, s.tenantId, s.storeId, page(req.query))),
    route.store('put', '/stores/:storeId/prices/:productId', (req, s) =>
      setStorePrice(ctx, s.tenantId, s.storeId, param(req, 'productId'), parse(StorePriceSchema, req.body)),
    ),
    route.store('delete', '/stores/:storeId/prices/:productId', (req, s) => deleteStorePrice(ctx, s.tenantId, s.storeId, param(req, 'productId'))),
  ];
}
