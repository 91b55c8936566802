package com.cxoneflows.deadletter;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Optional;

/**
 * An MXBean (open types only, so JConsole, VisualVM, jmxterm and Jolokia all read it) whose attributes,
 * operations and parameters carry the names and {@link Described} texts of its interface, where a plain
 * MXBean shows {@code p0}, {@code p1} and the method name. Parameter names come from the compiled interface
 * ({@code -parameters}).
 */
public final class DescribedMXBean<T> extends StandardMBean {

    private final Class<T> contract;

    public DescribedMXBean(T implementation, Class<T> contract) {
        super(implementation, contract, true);
        this.contract = contract;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return describedOr(contract.getAnnotation(Described.class), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return accessor(info.getName())
                .map(method -> describedOr(method.getAnnotation(Described.class), info.getDescription()))
                .orElse(info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return operation(info).map(method -> describedOr(method.getAnnotation(Described.class), info.getDescription()))
                .orElse(info.getDescription());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).map(method -> method.getParameters()[sequence].getName()).orElse(param.getName());
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).map(method -> {
            Parameter parameter = method.getParameters()[sequence];
            return describedOr(parameter.getAnnotation(Described.class), parameter.getName());
        }).orElse(param.getDescription());
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return operation(info).map(method -> method.getName().startsWith("list") || method.getName().startsWith("show")
                ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION).orElse(info.getImpact());
    }

    private Optional<Method> operation(MBeanOperationInfo info) {
        return Arrays.stream(contract.getMethods())
                .filter(method -> method.getName().equals(info.getName())
                        && method.getParameterCount() == info.getSignature().length)
                .findFirst();
    }

    private Optional<Method> accessor(String attribute) {
        return Arrays.stream(contract.getMethods())
                .filter(method -> method.getParameterCount() == 0
                        && (method.getName().equals("get" + attribute) || method.getName().equals("is" + attribute)))
                .findFirst();
    }

    private static String describedOr(Described described, String fallback) {
        return described != null ? described.value() : fallback;
    }
}
