package com.ostcharts.ingest.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebSetup implements WebMvcConfigurer {

    private final ApiKeyCheck apiKeyCheck;

    WebSetup(ApiKeyCheck apiKeyCheck) {
        this.apiKeyCheck = apiKeyCheck;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(apiKeyCheck).addPathPatterns("/api/**");
    }
}
