package dev.cairn.warehouse;

import java.util.ServiceLoader;

/** Finds the driver of a dialect among the {@link WarehouseDriver}s on the classpath. */
final class WarehouseDrivers {
    private WarehouseDrivers() {}

    static WarehouseDriver find(Dialect dialect) {
        // the API's own class loader: a driver implements this very interface, so it is visible wherever the API is
        for (WarehouseDriver driver :
                ServiceLoader.load(WarehouseDriver.class, WarehouseDriver.class.getClassLoader())) {
            if (driver.dialect() == dialect) {
                return driver;
            }
        }
        throw new WarehouseException("no " + dialect
                + " warehouse driver on the classpath: add the dependency dev.cairn:" + dialect.driverModule());
    }
}
